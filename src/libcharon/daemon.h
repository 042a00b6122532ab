/**
 * @file daemon.h
 * The IKE daemon object: the managers the IKE engine and the plugins share.
 * `charon` is set by libcharon_init().
 */
#ifndef CYGNET_DAEMON_H
#define CYGNET_DAEMON_H

#include "library.h"
#include "bus/charon_bus.h"
#include "config/backend_manager.h"
#include "credentials/credential_manager.h"
#include "sa/ike_sa_manager.h"
#include "attributes/attribute_manager.h"

typedef struct controller_t controller_t;
typedef struct sender_t sender_t;
typedef struct receiver_t receiver_t;

typedef struct daemon_t {
	ike_sa_manager_t *ike_sa_manager;
	backend_manager_t *backends;
	credential_manager_t *credentials;
	charon_bus_t *bus;
	/** Virtual IP pools (rightsourceip=). */
	attribute_manager_t *attributes;
	controller_t *controller;
	sender_t *sender;
	receiver_t *receiver;
	/** When the daemon started (time(NULL)), for status uptime. */
	time_t start_time;
} daemon_t;

extern daemon_t *charon;

/** Create the daemon object (lib must be initialised). */
bool libcharon_init(void);

/** Load @p plugins and start receiving; false if something essential is missing. */
bool charon_initialize(const char *plugins);

/** Stop, flush SAs, unload plugins, free. */
void libcharon_deinit(void);

#endif
