/*
 * The registry of the active IPsec data plane and of the listeners its
 * events go to. Plugins register from their feature callbacks while IKE
 * threads may already look the data plane up, hence the lock. Listener
 * callbacks run outside the lock: they check out IKE_SAs and may block.
 *
 * Several parts of charon listen (traps for acquires, the lifetime timers
 * for expires): set_listener() keeps one slot for compatibility, the
 * others are added. Delivery counts itself in (`delivering`) so that
 * remove_listener() can wait until no callback of the removed one runs.
 */
#include <arpa/inet.h>
#include <pthread.h>

#include "kernel/kernel_ipsec.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static kernel_ipsec_t *active_ipsec;
static const kernel_listener_t *active_listener;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static const kernel_listener_t *added[KERNEL_LISTENERS_MAX];
static int delivering;

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

bool kernel_interface_add_listener(const kernel_listener_t *listener)
{
	bool ok = false;

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < countof(added) && !ok; i++) {
		if (!added[i]) {
			added[i] = listener;
			ok = true;
		}
	}
	pthread_mutex_unlock(&lock);
	if (!ok) {
		DBG1(DBG_KNL, "too many kernel event listeners, one is ignored");
	}
	return ok;
}

void kernel_interface_remove_listener(const kernel_listener_t *listener)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < countof(added); i++) {
		if (added[i] == listener) {
			added[i] = NULL;
		}
	}
	while (delivering > 0) {
		pthread_cond_wait(&idle, &lock);
	}
	pthread_mutex_unlock(&lock);
}

/* Snapshot of the listeners; *count of them. Counts a delivery in. */
static int get_listeners(const kernel_listener_t **out)
{
	int count = 0;

	pthread_mutex_lock(&lock);
	if (active_listener) {
		out[count++] = active_listener;
	}
	for (size_t i = 0; i < countof(added); i++) {
		if (added[i]) {
			out[count++] = added[i];
		}
	}
	delivering++;
	pthread_mutex_unlock(&lock);
	return count;
}

static void delivered(void)
{
	pthread_mutex_lock(&lock);
	if (--delivering == 0) {
		pthread_cond_broadcast(&idle);
	}
	pthread_mutex_unlock(&lock);
}

void kernel_interface_acquire(uint32_t reqid, traffic_selector_t *src, traffic_selector_t *dst)
{
	const kernel_listener_t *listeners[KERNEL_LISTENERS_MAX + 1];
	int count = get_listeners(listeners), heard = 0;

	for (int i = 0; i < count; i++) {
		if (listeners[i]->acquire) {
			listeners[i]->acquire(reqid, src, dst);
			heard++;
		}
	}
	delivered();
	if (!heard) {
		DBG2(DBG_KNL, "acquire for reqid %u dropped, nobody listens", reqid);
	}
}

void kernel_interface_expire(uint8_t proto, uint32_t spi, host_t *dst, bool hard)
{
	const kernel_listener_t *listeners[KERNEL_LISTENERS_MAX + 1];
	int count = get_listeners(listeners), heard = 0;

	for (int i = 0; i < count; i++) {
		if (listeners[i]->expire) {
			listeners[i]->expire(proto, spi, dst, hard);
			heard++;
		}
	}
	delivered();
	if (!heard) {
		DBG2(DBG_KNL, "%s expire for SPI %.8x dropped, nobody listens",
		     hard ? "hard" : "soft", ntohl(spi));
	}
}
