/*
 * IKE counters. The process-wide ones are atomics, bumped from any IKE
 * thread; the per-connection ones live in a small sorted list under a
 * mutex (a gateway has tens of conns, not thousands), created on the
 * first event of a name.
 */
#include <stdatomic.h>
#include <pthread.h>

#include "bus/ike_counters.h"

#include "daemon.h"
#include "collections/linked_list.h"

static const char *names[IKE_CNT_MAX] = {
	[IKE_CNT_IKE_REKEY_INIT] = "ike-rekey-init",
	[IKE_CNT_IKE_REKEY_RESP] = "ike-rekey-resp",
	[IKE_CNT_CHILD_REKEY] = "child-rekey",
	[IKE_CNT_INVALID] = "invalid",
	[IKE_CNT_INVALID_SPI] = "invalid-spi",
	[IKE_CNT_INIT_IN_REQ] = "ike-init-in-req",
	[IKE_CNT_INIT_IN_RESP] = "ike-init-in-resp",
	[IKE_CNT_INIT_OUT_REQ] = "ike-init-out-req",
	[IKE_CNT_INIT_OUT_RESP] = "ike-init-out-resp",
	[IKE_CNT_AUTH_IN_REQ] = "ike-auth-in-req",
	[IKE_CNT_AUTH_IN_RESP] = "ike-auth-in-resp",
	[IKE_CNT_AUTH_OUT_REQ] = "ike-auth-out-req",
	[IKE_CNT_AUTH_OUT_RESP] = "ike-auth-out-resp",
	[IKE_CNT_CREATE_CHILD_IN_REQ] = "create-child-in-req",
	[IKE_CNT_CREATE_CHILD_IN_RESP] = "create-child-in-resp",
	[IKE_CNT_CREATE_CHILD_OUT_REQ] = "create-child-out-req",
	[IKE_CNT_CREATE_CHILD_OUT_RESP] = "create-child-out-resp",
	[IKE_CNT_INFO_IN_REQ] = "info-in-req",
	[IKE_CNT_INFO_IN_RESP] = "info-in-resp",
	[IKE_CNT_INFO_OUT_REQ] = "info-out-req",
	[IKE_CNT_INFO_OUT_RESP] = "info-out-resp",
	[IKE_CNT_RETRANSMIT] = "retransmits",
};

typedef struct {
	char *name;
	uint64_t values[IKE_CNT_MAX];
} conn_counters_t;

static _Atomic uint64_t global[IKE_CNT_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* conn_counters_t *, sorted by name */
static linked_list_t *conns;
static bool started;

const char *ike_counter_name(ike_counter_t counter)
{
	return (unsigned)counter < IKE_CNT_MAX ? names[counter] : NULL;
}

/* Called with the lock held; creates the entry if @p create. */
static conn_counters_t *find_conn(const char *name, bool create)
{
	conn_counters_t *conn, *found = NULL;
	enumerator_t *e;
	int cmp = 1;

	if (!conns) {
		if (!create) {
			return NULL;
		}
		conns = linked_list_create();
	}
	e = conns->create_enumerator(conns);
	while (e->enumerate(e, &conn)) {
		cmp = strcmp(conn->name, name);
		if (cmp >= 0) {
			break;
		}
	}
	if (cmp == 0) {
		found = conn;
	} else if (create) {
		found = mem_zalloc(sizeof(*found));
		found->name = str_dup(name);
		if (cmp > 0) {
			conns->insert_before(conns, e, found);
		} else {
			conns->insert_last(conns, found);
		}
	}
	e->destroy(e);
	return found;
}

/* Count one event, globally and for the connection of @p ike_sa. */
static void count(ike_sa_t *ike_sa, ike_counter_t counter)
{
	peer_cfg_t *cfg = ike_sa ? ike_sa->get_peer_cfg(ike_sa) : NULL;
	conn_counters_t *conn;

	atomic_fetch_add(&global[counter], 1);
	if (cfg) {
		pthread_mutex_lock(&lock);
		/* an event still on its way after stop() creates nothing */
		if (started) {
			conn = find_conn(cfg->get_name(cfg), true);
			conn->values[counter]++;
		}
		pthread_mutex_unlock(&lock);
	}
}

bool ike_counters_get(const char *name, uint64_t values[IKE_CNT_MAX])
{
	conn_counters_t *conn;

	if (!name) {
		for (int i = 0; i < IKE_CNT_MAX; i++) {
			values[i] = atomic_load(&global[i]);
		}
		return true;
	}
	pthread_mutex_lock(&lock);
	conn = find_conn(name, false);
	if (conn) {
		memcpy(values, conn->values, sizeof(conn->values));
	} else {
		memset(values, 0, sizeof(uint64_t) * IKE_CNT_MAX);
	}
	pthread_mutex_unlock(&lock);
	return conn != NULL;
}

void ike_counters_reset(const char *name)
{
	conn_counters_t *conn;

	if (!name) {
		for (int i = 0; i < IKE_CNT_MAX; i++) {
			atomic_store(&global[i], 0);
		}
		return;
	}
	pthread_mutex_lock(&lock);
	conn = find_conn(name, false);
	if (conn) {
		memset(conn->values, 0, sizeof(conn->values));
	}
	pthread_mutex_unlock(&lock);
}

static bool name_filter(void *data, void *item, va_list out)
{
	*va_arg(out, const char **) = item;
	return true;
}

static void free_names(void *data)
{
	((linked_list_t *)data)->destroy_function(data, free);
}

enumerator_t *ike_counters_create_name_enumerator(void)
{
	linked_list_t *list = linked_list_create();
	conn_counters_t *conn;
	enumerator_t *e;

	pthread_mutex_lock(&lock);
	if (conns) {
		e = conns->create_enumerator(conns);
		while (e->enumerate(e, &conn)) {
			list->insert_last(list, str_dup(conn->name));
		}
		e->destroy(e);
	}
	pthread_mutex_unlock(&lock);
	return enumerator_create_filter(list->create_enumerator(list), name_filter, list,
					free_names);
}

/* The counter of a message: exchange, direction, request or response. */
static bool message_counter(message_t *message, bool incoming, ike_counter_t *counter)
{
	int base;

	switch (message->get_exchange_type(message)) {
	case IKE_SA_INIT:
		base = IKE_CNT_INIT_IN_REQ;
		break;
	case IKE_AUTH:
		base = IKE_CNT_AUTH_IN_REQ;
		break;
	case CREATE_CHILD_SA:
		base = IKE_CNT_CREATE_CHILD_IN_REQ;
		break;
	case INFORMATIONAL:
		base = IKE_CNT_INFO_IN_REQ;
		break;
	default:
		return false;
	}
	/* each block is in-req, in-resp, out-req, out-resp */
	*counter = base + (incoming ? 0 : 2) + (message->get_request(message) ? 0 : 1);
	return true;
}

static bool on_message(listener_t *l, ike_sa_t *ike_sa, message_t *message, bool incoming)
{
	ike_counter_t counter;

	if (message_counter(message, incoming, &counter)) {
		count(ike_sa, counter);
	}
	return true;
}

static bool on_ike_rekey(listener_t *l, ike_sa_t *old, ike_sa_t *new_sa)
{
	/* whoever started the CREATE_CHILD_SA is the new IKE_SA's initiator */
	bool ours = new_sa && new_sa->get_id(new_sa)->initiator;

	count(old, ours ? IKE_CNT_IKE_REKEY_INIT : IKE_CNT_IKE_REKEY_RESP);
	return true;
}

static bool on_child_rekey(listener_t *l, ike_sa_t *ike_sa, child_sa_t *old,
			   child_sa_t *new_sa)
{
	count(ike_sa, IKE_CNT_CHILD_REKEY);
	return true;
}

static bool on_alert(listener_t *l, ike_sa_t *ike_sa, alert_t alert, const char *info)
{
	switch (alert) {
	case ALERT_PARSE_ERROR_HEADER:
	case ALERT_PARSE_ERROR_BODY:
		count(ike_sa, IKE_CNT_INVALID);
		break;
	case ALERT_INVALID_IKE_SPI:
		/* belongs to no IKE_SA, whatever the thread worked on before */
		count(NULL, IKE_CNT_INVALID_SPI);
		break;
	case ALERT_RETRANSMIT_SEND:
		count(ike_sa, IKE_CNT_RETRANSMIT);
		break;
	default:
		break;
	}
	return true;
}

static listener_t listener = {
	.message = on_message,
	.ike_rekey = on_ike_rekey,
	.child_rekey = on_child_rekey,
	.alert = on_alert,
};

static void conn_destroy(void *item)
{
	conn_counters_t *conn = item;

	free(conn->name);
	free(conn);
}

void ike_counters_start(void)
{
	pthread_mutex_lock(&lock);
	if (!started && charon && charon->bus) {
		charon->bus->add_listener(charon->bus, &listener);
		started = true;
	}
	pthread_mutex_unlock(&lock);
}

void ike_counters_stop(void)
{
	pthread_mutex_lock(&lock);
	if (started && charon && charon->bus) {
		charon->bus->remove_listener(charon->bus, &listener);
	}
	started = false;
	if (conns) {
		conns->destroy_function(conns, conn_destroy);
		conns = NULL;
	}
	pthread_mutex_unlock(&lock);
	ike_counters_reset(NULL);
}
