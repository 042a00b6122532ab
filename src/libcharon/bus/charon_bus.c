/*
 * The IKE event bus. Listeners are called with the bus lock released, on a
 * snapshot of the list, so a listener may unregister itself (by returning
 * false or calling remove_listener) or log without deadlocking. Because a
 * snapshot may still name a listener after remove_listener(), that call
 * waits until no dispatch is running (unless it is made from inside one),
 * so the caller may free the listener as soon as it returns.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "bus/charon_bus.h"
#include "collections/linked_list.h"

typedef struct private_charon_bus_t {
	charon_bus_t public;
	linked_list_t *listeners;
	pthread_mutex_t lock;
	/** Dispatches running now, and a condition signalled when none is. */
	int active;
	pthread_cond_t idle;
} private_charon_bus_t;

/* How deep the calling thread is inside dispatch(). */
static __thread int dispatch_depth;

/* The IKE_SA each thread works on. */
static __thread ike_sa_t *current_sa;

static void add_listener(charon_bus_t *public, listener_t *listener)
{
	private_charon_bus_t *this = (private_charon_bus_t *)public;

	pthread_mutex_lock(&this->lock);
	this->listeners->insert_last(this->listeners, listener);
	pthread_mutex_unlock(&this->lock);
}

static void remove_listener(charon_bus_t *public, listener_t *listener)
{
	private_charon_bus_t *this = (private_charon_bus_t *)public;

	pthread_mutex_lock(&this->lock);
	this->listeners->remove(this->listeners, listener, NULL);
	while (dispatch_depth == 0 && this->active > 0) {
		pthread_cond_wait(&this->idle, &this->lock);
	}
	pthread_mutex_unlock(&this->lock);
}

static void set_sa(charon_bus_t *public, ike_sa_t *ike_sa)
{
	current_sa = ike_sa;
}

static ike_sa_t *get_sa(charon_bus_t *public)
{
	return current_sa;
}

/* What one event passes to each listener. */
typedef struct {
	enum { EV_IKE_STATE, EV_CHILD_STATE, EV_IKE_UPDOWN, EV_CHILD_UPDOWN, EV_IKE_REKEY,
	       EV_CHILD_REKEY, EV_ALERT, EV_MESSAGE } kind;
	ike_sa_t *ike_sa;
	child_sa_t *child, *child_new;
	ike_sa_t *ike_new;
	int state;
	bool flag;
	alert_t alert;
	const char *info;
	message_t *message;
} event_t;

/* Returns whether the listener stays registered. */
static bool deliver(listener_t *l, event_t *ev)
{
	switch (ev->kind) {
	case EV_IKE_STATE:
		return !l->ike_state_change || l->ike_state_change(l, ev->ike_sa, ev->state);
	case EV_CHILD_STATE:
		return !l->child_state_change ||
		       l->child_state_change(l, ev->ike_sa, ev->child, ev->state);
	case EV_IKE_UPDOWN:
		return !l->ike_updown || l->ike_updown(l, ev->ike_sa, ev->flag);
	case EV_CHILD_UPDOWN:
		return !l->child_updown || l->child_updown(l, ev->ike_sa, ev->child, ev->flag);
	case EV_IKE_REKEY:
		return !l->ike_rekey || l->ike_rekey(l, ev->ike_sa, ev->ike_new);
	case EV_CHILD_REKEY:
		return !l->child_rekey || l->child_rekey(l, ev->ike_sa, ev->child, ev->child_new);
	case EV_ALERT:
		return !l->alert || l->alert(l, ev->ike_sa, ev->alert, ev->info);
	case EV_MESSAGE:
		return !l->message || l->message(l, ev->ike_sa, ev->message, ev->flag);
	}
	return true;
}

static void dispatch(private_charon_bus_t *this, event_t *ev)
{
	linked_list_t *snapshot;
	enumerator_t *e;
	listener_t *l;

	pthread_mutex_lock(&this->lock);
	snapshot = this->listeners->clone(this->listeners, NULL);
	this->active++;
	pthread_mutex_unlock(&this->lock);

	dispatch_depth++;
	e = snapshot->create_enumerator(snapshot);
	while (e->enumerate(e, &l)) {
		if (!deliver(l, ev)) {
			remove_listener(&this->public, l);
		}
	}
	e->destroy(e);
	snapshot->destroy(snapshot);
	dispatch_depth--;

	pthread_mutex_lock(&this->lock);
	if (--this->active == 0) {
		pthread_cond_broadcast(&this->idle);
	}
	pthread_mutex_unlock(&this->lock);
}

static void ike_state_change(charon_bus_t *public, ike_sa_t *ike_sa, ike_sa_state_t state)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_IKE_STATE, .ike_sa = ike_sa, .state = state });
}

static void child_state_change(charon_bus_t *public, child_sa_t *child, child_sa_state_t state)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_CHILD_STATE, .ike_sa = current_sa, .child = child,
			     .state = state });
}

static void ike_updown(charon_bus_t *public, ike_sa_t *ike_sa, bool up)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_IKE_UPDOWN, .ike_sa = ike_sa, .flag = up });
}

static void child_updown(charon_bus_t *public, child_sa_t *child, bool up)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_CHILD_UPDOWN, .ike_sa = current_sa, .child = child,
			     .flag = up });
}

static void ike_rekey(charon_bus_t *public, ike_sa_t *old, ike_sa_t *new_sa)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_IKE_REKEY, .ike_sa = old, .ike_new = new_sa });
}

static void child_rekey(charon_bus_t *public, child_sa_t *old, child_sa_t *new_sa)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_CHILD_REKEY, .ike_sa = current_sa, .child = old,
			     .child_new = new_sa });
}

static void alert(charon_bus_t *public, alert_t kind, const char *fmt, ...)
{
	char info[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(info, sizeof(info), fmt, args);
	va_end(args);
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_ALERT, .ike_sa = current_sa, .alert = kind, .info = info });
}

static void message(charon_bus_t *public, message_t *msg, bool incoming)
{
	dispatch((private_charon_bus_t *)public,
		 &(event_t){ .kind = EV_MESSAGE, .ike_sa = current_sa, .message = msg,
			     .flag = incoming });
}

static void destroy(charon_bus_t *public)
{
	private_charon_bus_t *this = (private_charon_bus_t *)public;

	this->listeners->destroy(this->listeners);
	pthread_mutex_destroy(&this->lock);
	pthread_cond_destroy(&this->idle);
	free(this);
}

charon_bus_t *charon_bus_create(void)
{
	private_charon_bus_t *this = mem_zalloc(sizeof(*this));

	this->public = (charon_bus_t){
		.add_listener = add_listener,
		.remove_listener = remove_listener,
		.set_sa = set_sa,
		.get_sa = get_sa,
		.ike_state_change = ike_state_change,
		.child_state_change = child_state_change,
		.ike_updown = ike_updown,
		.child_updown = child_updown,
		.ike_rekey = ike_rekey,
		.child_rekey = child_rekey,
		.alert = alert,
		.message = message,
		.destroy = destroy,
	};
	this->listeners = linked_list_create();
	pthread_mutex_init(&this->lock, NULL);
	pthread_cond_init(&this->idle, NULL);
	return &this->public;
}
