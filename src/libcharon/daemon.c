/*
 * The daemon object. Order matters on the way down: SAs are flushed while
 * the data plane and socket plugins are still loaded, so their state is
 * removed from the kernel (or TUN) and the peers hear about it.
 */
#include "daemon.h"

#include "control/controller.h"
#include "kernel/kernel_ipsec.h"
#include "network/receiver.h"
#include "network/sender.h"
#include "network/socket.h"
#include "plugins/plugin_loader.h"
#include "sa/child_expire.h"

daemon_t *charon;

bool libcharon_init(void)
{
	charon = mem_zalloc(sizeof(*charon));
	charon->start_time = time(NULL);
	charon->bus = charon_bus_create();
	charon->backends = backend_manager_create();
	charon->credentials = credential_manager_create();
	charon->attributes = attribute_manager_create();
	charon->ike_sa_manager = ike_sa_manager_create();
	charon->sender = sender_create();
	charon->controller = controller_create();
	return charon->bus && charon->backends && charon->credentials && charon->attributes &&
	       charon->ike_sa_manager && charon->sender && charon->controller;
}

bool charon_initialize(const char *plugins)
{
	if (!lib->plugins->load(lib->plugins, NULL, plugins)) {
		DBG0(DBG_DMN, "a critical plugin failed to load");
		return false;
	}
	if (!socket_get()) {
		/* a trimmed daemon still runs (and answers stroke), it just can't speak IKE */
		DBG0(DBG_DMN, "no socket implementation loaded (add socket-default to charon.load): "
		     "IKE is disabled");
		return true;
	}
	if (!kernel_interface_get_ipsec()) {
		DBG1(DBG_DMN, "no IPsec data plane loaded (kernel-netlink or kernel-libesp): "
		     "CHILD_SAs cannot be installed");
	}
	child_expire_start();
	charon->receiver = receiver_create();
	return charon->receiver != NULL;
}

void libcharon_deinit(void)
{
	if (!charon) {
		return;
	}
	child_expire_stop();
	if (charon->controller) {
		/* no trap or restart may start an SA while they are flushed */
		charon->controller->flush(charon->controller);
	}
	charon->ike_sa_manager->flush(charon->ike_sa_manager);
	DESTROY_IF(charon->receiver);
	lib->plugins->unload(lib->plugins);
	DESTROY_IF(charon->controller);
	charon->ike_sa_manager->destroy(charon->ike_sa_manager);
	DESTROY_IF(charon->sender);
	/* after the IKE_SAs, which give their leases back */
	DESTROY_IF(charon->attributes);
	charon->credentials->destroy(charon->credentials);
	charon->backends->destroy(charon->backends);
	charon->bus->destroy(charon->bus);
	free(charon);
	charon = NULL;
}
