/**
 * @file task_manager.h
 * Runs the exchanges of one IKE_SA (RFC 7296 §2.1-2.3): a window of one
 * outstanding request, message IDs, retransmission, and the tasks that
 * build and process each exchange.
 *
 * As initiator it takes queued tasks, activates those that belong into the
 * next exchange, lets each build() into the request, sends it, and on the
 * response lets each process() it. As responder it creates the responder
 * tasks a request calls for, lets them process() the request and build()
 * the response. A task returning NEED_MORE stays for the next exchange
 * (e.g. IKE_AUTH follows IKE_SA_INIT).
 */
#ifndef CYGNET_TASK_MANAGER_H
#define CYGNET_TASK_MANAGER_H

#include "library.h"
#include "collections/enumerator.h"
#include "encoding/message.h"
#include "sa/tasks/task.h"
#include "config/child_cfg.h"

typedef struct task_manager_t task_manager_t;
typedef struct ike_sa_t ike_sa_t;

/** Which list of tasks. */
typedef enum task_queue_t {
	TASK_QUEUE_QUEUED,	/**< waiting to be initiated */
	TASK_QUEUE_ACTIVE,	/**< part of the outstanding request */
	TASK_QUEUE_PASSIVE,	/**< responding */
} task_queue_t;

struct task_manager_t {
	/** Queue an initiator task. */
	void (*queue_task)(task_manager_t *this, task_t *task);
	/** Queue what establishes the IKE_SA (IKE_SA_INIT + IKE_AUTH tasks). */
	void (*queue_ike)(task_manager_t *this);
	/** Queue a CHILD_SA for @p cfg (referenced); @p reqid 0 to allocate. */
	void (*queue_child)(task_manager_t *this, child_cfg_t *cfg, uint32_t reqid);
	void (*queue_ike_delete)(task_manager_t *this);
	void (*queue_child_delete)(task_manager_t *this, uint8_t protocol, uint32_t spi,
				   bool expired);
	void (*queue_dpd)(task_manager_t *this);
	/** Start the next exchange if none is outstanding. */
	status_t (*initiate)(task_manager_t *this);
	/**
	 * Handle a message for this IKE_SA: a request is answered (again, if it
	 * is a retransmit), a response completes the outstanding exchange.
	 * DESTROY_ME if the IKE_SA is to be destroyed.
	 */
	status_t (*process_message)(task_manager_t *this, message_t *message);
	/** The retransmission timer for request @p message_id fired. */
	status_t (*retransmit)(task_manager_t *this, uint32_t message_id);
	/**
	 * Start over (after INVALID_KE_PAYLOAD or COOKIE): active tasks go
	 * back to the queue, message IDs are reset to @p initiate/@p respond
	 * (UINT32_MAX keeps the current value).
	 */
	void (*reset)(task_manager_t *this, uint32_t initiate, uint32_t respond);
	/** An exchange is outstanding. */
	bool (*busy)(task_manager_t *this);
	/** Next message ID we use as initiator (@p initiate) or expect as responder. */
	uint32_t (*get_mid)(task_manager_t *this, bool initiate);
	/** Tasks of a queue: enumerate(e, task_t **task). */
	enumerator_t *(*create_task_enumerator)(task_manager_t *this, task_queue_t queue);
	/**
	 * Start over from message ID 0 (keyingtries): active tasks go back to
	 * the queue and every task is migrated, forgetting its exchange state.
	 */
	void (*restart)(task_manager_t *this);
	/**
	 * Take over the queued tasks of @p other (an IKE_SA replaced by
	 * rekeying), migrated to this one; IKE_SA-level tasks stay behind.
	 */
	void (*adopt_tasks)(task_manager_t *this, task_manager_t *other);
	/** Destroy all tasks. */
	void (*flush)(task_manager_t *this);
	void (*destroy)(task_manager_t *this);
};

task_manager_t *task_manager_create(ike_sa_t *ike_sa);

#endif
