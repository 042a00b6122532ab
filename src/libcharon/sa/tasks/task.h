/**
 * @file task.h
 * One concern of an IKE exchange. The task manager runs the active tasks
 * of an exchange in order: each adds payloads to the message being built
 * and reads its payloads from the message received. Tasks never touch
 * bytes; they see payload objects.
 */
#ifndef CYGNET_TASK_H
#define CYGNET_TASK_H

#include "library.h"
#include "encoding/message.h"

typedef enum task_type_t {
	TASK_IKE_INIT,		/**< IKE_SA_INIT: SA, KE, nonces; INVALID_KE, COOKIE */
	TASK_IKE_NATD,		/**< NAT detection in IKE_SA_INIT */
	TASK_IKE_VENDOR,	/**< vendor IDs */
	TASK_IKE_CERT_PRE,	/**< CERTREQ in IKE_SA_INIT / IKE_AUTH */
	TASK_IKE_AUTH,		/**< IDi/IDr/AUTH */
	TASK_IKE_CERT_POST,	/**< CERT in IKE_AUTH */
	TASK_IKE_CONFIG,	/**< CP (virtual IPs) */
	TASK_IKE_MOBIKE,	/**< MOBIKE_SUPPORTED, address updates */
	TASK_CHILD_CREATE,	/**< SA, TSi/TSr (in IKE_AUTH or CREATE_CHILD_SA) */
	TASK_CHILD_REKEY,
	TASK_CHILD_DELETE,
	TASK_IKE_REKEY,
	TASK_IKE_REAUTH,
	TASK_IKE_DELETE,
	TASK_IKE_DPD,		/**< empty INFORMATIONAL (liveness) */
	TASK_INFORMATIONAL,	/**< answer to an unsolicited INFORMATIONAL */
	TASK_TYPE_MAX,
} task_type_t;

/** Name for logs ("IKE_INIT"). */
const char *task_type_name(task_type_t type);

typedef struct task_t task_t;
typedef struct ike_sa_t ike_sa_t;

struct task_t {
	/**
	 * Add this task's payloads to @p message (a request if the task
	 * initiates, else the response). NEED_MORE: the task takes part in
	 * the next exchange too; SUCCESS: done; FAILED: the IKE_SA fails;
	 * DESTROY_ME: the IKE_SA is to be destroyed.
	 */
	status_t (*build)(task_t *this, message_t *message);
	/** Read this task's payloads from @p message; same return values. */
	status_t (*process)(task_t *this, message_t *message);
	task_type_t (*get_type)(task_t *this);
	/** Move the task to another IKE_SA (rekeying, reauthentication, retry). */
	void (*migrate)(task_t *this, ike_sa_t *ike_sa);
	void (*destroy)(task_t *this);
};

#endif
