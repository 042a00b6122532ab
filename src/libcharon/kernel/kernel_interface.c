/*
 * The registry of the active IPsec data plane and of the listener its
 * events go to. Plugins register from their feature callbacks while IKE
 * threads may already look the data plane up, hence the lock. Listener
 * callbacks run outside the lock: they check out IKE_SAs and may block.
 */
#include <arpa/inet.h>
#include <pthread.h>

#include "kernel/kernel_ipsec.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static kernel_ipsec_t *active_ipsec;
static const kernel_listener_t *active_listener;

bool kernel_interface_set_ipsec(kernel_ipsec_t *ipsec)
{
	bool ok = true;

	pthread_mutex_lock(&lock);
	if (ipsec && active_ipsec && active_ipsec != ipsec) {
		ok = false;
	} else {
		active_ipsec = ipsec;
	}
	pthread_mutex_unlock(&lock);
	if (!ok) {
		DBG1(DBG_KNL, "an IPsec data plane is already registered, ignoring another one");
	}
	return ok;
}

kernel_ipsec_t *kernel_interface_get_ipsec(void)
{
	kernel_ipsec_t *ipsec;

	pthread_mutex_lock(&lock);
	ipsec = active_ipsec;
	pthread_mutex_unlock(&lock);
	return ipsec;
}

void kernel_interface_set_listener(const kernel_listener_t *listener)
{
	pthread_mutex_lock(&lock);
	active_listener = listener;
	pthread_mutex_unlock(&lock);
}

static const kernel_listener_t *get_listener(void)
{
	const kernel_listener_t *listener;

	pthread_mutex_lock(&lock);
	listener = active_listener;
	pthread_mutex_unlock(&lock);
	return listener;
}

void kernel_interface_acquire(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	const kernel_listener_t *listener = get_listener();

	if (listener && listener->acquire) {
		listener->acquire(reqid, src, dst);
	} else {
		DBG2(DBG_KNL, "acquire for reqid %u dropped, nobody listens", reqid);
	}
}

void kernel_interface_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard)
{
	const kernel_listener_t *listener = get_listener();

	if (listener && listener->expire) {
		listener->expire(proto, spi, dst, hard);
	} else {
		DBG2(DBG_KNL, "%s expire for SPI %.8x dropped, nobody listens",
		     hard ? "hard" : "soft", ntohl(spi));
	}
}
