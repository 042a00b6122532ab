/**
 * @file charon_bus.h
 * IKE events: listeners (updown, the controller waiting for `ipsec up`,
 * counters) hear about SA state changes. Also tracks which IKE_SA the
 * current thread works on, so log lines can be attributed to it.
 */
#ifndef CYGNET_CHARON_BUS_H
#define CYGNET_CHARON_BUS_H

#include "library.h"
#include "sa/ike_sa.h"
#include "sa/child_sa.h"

/** Things worth an alert: failures users want to know about. */
typedef enum alert_t {
	ALERT_PEER_ADDR_FAILED,
	ALERT_PEER_INIT_UNREACHABLE,
	ALERT_LOCAL_AUTH_FAILED,
	ALERT_PEER_AUTH_FAILED,
	ALERT_PARSE_ERROR_HEADER,
	ALERT_PARSE_ERROR_BODY,
	ALERT_RETRANSMIT_SEND_TIMEOUT,
	ALERT_PROPOSAL_MISMATCH_IKE,
	ALERT_PROPOSAL_MISMATCH_CHILD,
	ALERT_TS_MISMATCH,
	ALERT_INSTALL_CHILD_SA_FAILED,
	ALERT_INSTALL_CHILD_POLICY_FAILED,
	ALERT_KEEP_ON_CHILD_SA_FAILURE,
	ALERT_IKE_SA_EXPIRED,
	ALERT_SHUTDOWN_SIGNAL,
	/** One of our requests was sent again (info: its message ID). */
	ALERT_RETRANSMIT_SEND,
	/** A message for an IKE_SA we do not have was dropped (no SA set). */
	ALERT_INVALID_IKE_SPI,
} alert_t;

typedef struct listener_t listener_t;

/** Every callback is optional; returning false unregisters the listener. */
struct listener_t {
	bool (*ike_state_change)(listener_t *this, ike_sa_t *ike_sa, ike_sa_state_t state);
	bool (*child_state_change)(listener_t *this, ike_sa_t *ike_sa, child_sa_t *child_sa,
				   child_sa_state_t state);
	/** The IKE_SA became established (@p up) or goes away. */
	bool (*ike_updown)(listener_t *this, ike_sa_t *ike_sa, bool up);
	/** A CHILD_SA was installed (@p up) or is being removed. */
	bool (*child_updown)(listener_t *this, ike_sa_t *ike_sa, child_sa_t *child_sa, bool up);
	bool (*ike_rekey)(listener_t *this, ike_sa_t *old, ike_sa_t *new_sa);
	bool (*child_rekey)(listener_t *this, ike_sa_t *ike_sa, child_sa_t *old,
			    child_sa_t *new_sa);
	bool (*alert)(listener_t *this, ike_sa_t *ike_sa, alert_t alert, const char *info);
	/** A message was received (@p incoming) or is being sent. */
	bool (*message)(listener_t *this, ike_sa_t *ike_sa, message_t *message, bool incoming);
};

typedef struct charon_bus_t charon_bus_t;

struct charon_bus_t {
	void (*add_listener)(charon_bus_t *this, listener_t *listener);
	void (*remove_listener)(charon_bus_t *this, listener_t *listener);
	/** The IKE_SA the calling thread works on (set on checkout). */
	void (*set_sa)(charon_bus_t *this, ike_sa_t *ike_sa);
	ike_sa_t *(*get_sa)(charon_bus_t *this);

	void (*ike_state_change)(charon_bus_t *this, ike_sa_t *ike_sa, ike_sa_state_t state);
	void (*child_state_change)(charon_bus_t *this, child_sa_t *child_sa, child_sa_state_t state);
	void (*ike_updown)(charon_bus_t *this, ike_sa_t *ike_sa, bool up);
	void (*child_updown)(charon_bus_t *this, child_sa_t *child_sa, bool up);
	void (*ike_rekey)(charon_bus_t *this, ike_sa_t *old, ike_sa_t *new_sa);
	void (*child_rekey)(charon_bus_t *this, child_sa_t *old, child_sa_t *new_sa);
	void (*alert)(charon_bus_t *this, alert_t alert, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	void (*message)(charon_bus_t *this, message_t *message, bool incoming);
	void (*destroy)(charon_bus_t *this);
};

charon_bus_t *charon_bus_create(void);

#endif
