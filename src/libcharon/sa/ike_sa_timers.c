/*
 * The timers of an IKE_SA, all of them:
 *
 * - retransmit (request_sent): our outstanding request is sent again after
 *   retransmit_timeout * retransmit_base^n seconds, n = retransmits so far;
 *   after retransmit_tries unanswered retransmits the task manager gives up
 *   and the IKE_SA is destroyed (ALERT_RETRANSMIT_SEND_TIMEOUT). A timer
 *   for a request already answered finds another message ID and does
 *   nothing.
 * - IKE rekey / reauth (established): at the peer_cfg's rekey or reauth
 *   time less a random jitter (rekeyfuzz), recorded as STAT_REKEY or
 *   STAT_REAUTH for statusall. The job acts only if the SA is still
 *   ESTABLISHED and the recorded time has come (a moved schedule wins).
 * - hard expiry (established): STAT_DELETE = the earlier of the two above
 *   plus the over time (margintime); if the SA is still there, it is
 *   deleted with an INFORMATIONAL and the IKE_SA_EXPIRED alert.
 * - DPD (established): every dpddelay seconds, if nothing arrived from the
 *   peer for dpddelay (IKE messages: STAT_INBOUND; ESP: the CHILD_SAs'
 *   inbound use time), an empty INFORMATIONAL is queued. An unanswered one
 *   runs into the retransmit timer above, which clears the SA. The timer
 *   re-arms itself for as long as the SA lives.
 * - CHILD_SA backstop (child_installed): the data plane raises soft and
 *   hard expires for the lifetimes of each SA (see child_expire.c); in case
 *   it does not, the CHILD_SA is rekeyed BACKSTOP_DELAY seconds after its
 *   rekey time and deleted BACKSTOP_DELAY after its hard lifetime.
 * - rekey retry (rekey_failed): a rekeying refused with TEMPORARY_FAILURE
 *   or otherwise failed is tried again after IKE_SA_REKEY_RETRY seconds.
 * - replaced (replaced): an IKE_SA superseded by rekeying waits up to
 *   IKE_SA_REPLACED_TIMEOUT seconds for the peer's Delete, then goes.
 * - keying retry (keying_retry): keyingtries start the IKE_SA over after a
 *   failed attempt.
 * - reauthenticated (reauthenticated): make-before-break; once the new
 *   IKE_SA is established, the one it replaces is deleted REAUTH_OVERLAP
 *   later: the CHILD_SAs of the IKE_AUTH exchange that established it are
 *   installed right after the state change, and the old ones must stay
 *   until then.
 * - NAT keepalive (established): behind a NAT (COND_NAT_HERE; a NAT faked
 *   by forceencaps needs no mapping kept open) a lone 0xFF byte goes from
 *   our NAT-T port to the peer's every charon.keep_alive seconds (RFC 3948
 *   §2.3), unless an IKE message or ESP packet went out meanwhile. The
 *   timer re-arms itself for as long as the SA lives, as NAT conditions
 *   can change; keep_alive = 0 disables it.
 * - address check (established, MOBIKE): every ADDRESS_CHECK_MS while the
 *   peer announced MOBIKE, if our address is gone from our interfaces, the
 *   source address the routing table gives for the peer becomes ours (port
 *   kept) and an UPDATE_SA_ADDRESSES is queued (RFC 4555 §3.5). Without
 *   MOBIKE the timer stops at its first run.
 */
#include <math.h>

#include "sa/ike_sa_timers.h"

#include "daemon.h"
#include "processing/job.h"
#include "processing/scheduler.h"
#include "settings/settings.h"
#include "sa/task_manager.h"
#include "network/socket.h"
#include "kernel/kernel_net.h"
#include "sa/tasks/tasks.h"

/* Seconds the CHILD_SA backstop waits for the data plane's expire. */
#define BACKSTOP_DELAY 2

/* Milliseconds old and new IKE_SA overlap after a reauthentication. */
#define REAUTH_OVERLAP 1000

/* Milliseconds between checks that our address is still there (MOBIKE). */
#define ADDRESS_CHECK_MS 1000

typedef enum timer_kind_t {
	TIMER_RETRANSMIT,
	TIMER_IKE_REKEY,
	TIMER_IKE_REAUTH,
	TIMER_IKE_DELETE,
	TIMER_DPD,
	TIMER_CHILD_REKEY,
	TIMER_CHILD_EXPIRE,
	TIMER_REKEY_RETRY,
	TIMER_REPLACED,
	TIMER_KEYING_RETRY,
	TIMER_REAUTHENTICATED,
	TIMER_KEEPALIVE,
	TIMER_ADDRESS,
} timer_kind_t;

typedef struct ike_timer_t {
	ike_sa_id_t id;
	timer_kind_t kind;
	/* message ID, CHILD_SA inbound SPI, depending on the kind */
	uint32_t arg;
} ike_timer_t;

static status_t fire_dpd(ike_sa_t *ike_sa);
static status_t fire_keepalive(ike_sa_t *ike_sa);
static status_t fire_address(ike_sa_t *ike_sa);

/* Whether the time recorded in @p stat has come (and is still set). */
static bool due(ike_sa_t *ike_sa, ike_sa_statistic_t stat)
{
	time_t when = ike_sa->get_statistic(ike_sa, stat);

	return when && when <= time_monotonic(NULL);
}

static status_t fire_child(ike_sa_t *ike_sa, uint32_t spi, bool hard)
{
	child_sa_t *child = ike_sa->get_child_sa(ike_sa, PROTO_ESP, spi, true);
	task_manager_t *tm = ike_sa->get_task_manager(ike_sa);
	time_t when;

	if (!child || child->get_state(child) != CHILD_INSTALLED) {
		return SUCCESS;
	}
	when = child->get_lifetime(child, hard);
	if (!when || when > time_monotonic(NULL)) {
		return SUCCESS;
	}
	DBG1(DBG_IKE, "no %s expire for CHILD_SA %s{%u} from the data plane, acting on the timer",
	     hard ? "hard" : "soft", child->get_name(child), child->get_unique_id(child));
	if (!hard) {
		return ike_sa->rekey_child_sa(ike_sa, PROTO_ESP, spi);
	}
	tm->queue_child_delete(tm, PROTO_ESP, spi, true);
	return tm->initiate(tm);
}

static status_t fire(ike_sa_t *ike_sa, ike_timer_t *timer)
{
	ike_sa_state_t state = ike_sa->get_state(ike_sa);

	switch (timer->kind) {
	case TIMER_RETRANSMIT:
		return ike_sa->retransmit(ike_sa, timer->arg);
	case TIMER_IKE_REKEY:
		return state == IKE_ESTABLISHED && due(ike_sa, STAT_REKEY) ? ike_sa->rekey(ike_sa)
									   : SUCCESS;
	case TIMER_IKE_REAUTH:
		return state == IKE_ESTABLISHED && due(ike_sa, STAT_REAUTH) ? ike_sa->reauth(ike_sa)
									    : SUCCESS;
	case TIMER_IKE_DELETE:
		if (!due(ike_sa, STAT_DELETE) || state == IKE_DELETING) {
			return SUCCESS;
		}
		DBG1(DBG_IKE, "IKE_SA %s[%u] reached its maximum lifetime, deleting it",
		     ike_sa->get_name(ike_sa), ike_sa->get_unique_id(ike_sa));
		charon->bus->alert(charon->bus, ALERT_IKE_SA_EXPIRED, "%s", ike_sa->get_name(ike_sa));
		return ike_sa->delete_ike(ike_sa, state != IKE_ESTABLISHED);
	case TIMER_DPD:
		return fire_dpd(ike_sa);
	case TIMER_CHILD_REKEY:
	case TIMER_CHILD_EXPIRE:
		return fire_child(ike_sa, timer->arg, timer->kind == TIMER_CHILD_EXPIRE);
	case TIMER_REKEY_RETRY:
		if (state != IKE_ESTABLISHED) {
			return SUCCESS;
		}
		if (!timer->arg) {
			return ike_sa->rekey(ike_sa);
		}
		return ike_sa->rekey_child_sa(ike_sa, PROTO_ESP, timer->arg);
	case TIMER_REPLACED:
		if (state != IKE_REKEYED) {
			return SUCCESS;
		}
		DBG1(DBG_IKE, "peer did not delete the replaced IKE_SA %s[%u], removing it",
		     ike_sa->get_name(ike_sa), ike_sa->get_unique_id(ike_sa));
		return DESTROY_ME;
	case TIMER_KEYING_RETRY:
		return state == IKE_CREATED ? ike_sa->initiate(ike_sa, NULL, 0) : SUCCESS;
	case TIMER_REAUTHENTICATED:
		if (state != IKE_ESTABLISHED) {
			return SUCCESS;
		}
		DBG1(DBG_IKE, "IKE_SA %s[%u] was reauthenticated, deleting it",
		     ike_sa->get_name(ike_sa), ike_sa->get_unique_id(ike_sa));
		return ike_sa->delete_ike(ike_sa, false);
	case TIMER_KEEPALIVE:
		return fire_keepalive(ike_sa);
	case TIMER_ADDRESS:
		return fire_address(ike_sa);
	}
	return SUCCESS;
}

static job_requeue_t timer_job(void *data)
{
	ike_timer_t *timer = data;
	ike_sa_t *ike_sa = charon->ike_sa_manager->checkout(charon->ike_sa_manager, &timer->id);

	if (!ike_sa) {
		/* gone, or rekeyed into another SA with timers of its own */
		return JOB_REQUEUE_NONE;
	}
	if (fire(ike_sa, timer) == DESTROY_ME) {
		charon->ike_sa_manager->checkin_and_destroy(charon->ike_sa_manager, ike_sa);
	} else {
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	}
	return JOB_REQUEUE_NONE;
}

static void arm_id(const ike_sa_id_t *id, timer_kind_t kind, uint32_t arg, uint32_t ms)
{
	ike_timer_t *timer;

	if (!lib || !lib->scheduler) {
		/* no timers in unit tests that run without a scheduler */
		return;
	}
	timer = mem_zalloc(sizeof(*timer));
	timer->id = *id;
	timer->kind = kind;
	timer->arg = arg;
	lib->scheduler->schedule_job_ms(lib->scheduler,
		callback_job_create(timer_job, timer, free, JOB_PRIO_MEDIUM), ms);
}

static void arm(ike_sa_t *ike_sa, timer_kind_t kind, uint32_t arg, uint32_t ms)
{
	if (lib && lib->scheduler) {
		arm_id(ike_sa->get_id(ike_sa), kind, arg, ms);
	}
}

static uint32_t seconds_ms(time_t s)
{
	return s <= 0 ? 0 : s > UINT32_MAX / 1000 ? UINT32_MAX : (uint32_t)s * 1000;
}

void ike_sa_timers_request_sent(ike_sa_t *ike_sa, uint32_t mid, uint32_t tries)
{
	double timeout = lib->settings->get_double(lib->settings, "%s.retransmit_timeout", 4.0,
						   lib->ns);
	double base = lib->settings->get_double(lib->settings, "%s.retransmit_base", 1.8, lib->ns);
	double ms = timeout * pow(base, tries) * 1000.0;

	arm(ike_sa, TIMER_RETRANSMIT, mid, ms >= UINT32_MAX ? UINT32_MAX : (uint32_t)ms);
}

/* DPD: probe if the peer was quiet for dpddelay, then look again. */
static time_t last_inbound(ike_sa_t *ike_sa)
{
	time_t last = ike_sa->get_statistic(ike_sa, STAT_INBOUND), used;
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child;

	while (e->enumerate(e, &child)) {
		used = 0;
		child->get_usestats(child, true, NULL, NULL, &used);
		if (used > last) {
			last = used;
		}
	}
	e->destroy(e);
	return last;
}

static status_t fire_dpd(ike_sa_t *ike_sa)
{
	peer_cfg_t *cfg = ike_sa->get_peer_cfg(ike_sa);
	uint32_t delay = cfg ? cfg->get_dpd(cfg) : 0;
	ike_sa_state_t state = ike_sa->get_state(ike_sa);
	task_manager_t *tm = ike_sa->get_task_manager(ike_sa);
	time_t now = time_monotonic(NULL), idle;
	status_t status = SUCCESS;

	if (!delay || state == IKE_REKEYED || state == IKE_DELETING ||
	    state == IKE_DESTROYING) {
		return SUCCESS;
	}
	idle = now - last_inbound(ike_sa);
	if (idle < (time_t)delay) {
		arm(ike_sa, TIMER_DPD, 0, seconds_ms((time_t)delay - idle));
		return SUCCESS;
	}
	/* an outstanding request of ours already probes the peer */
	if (state == IKE_ESTABLISHED && !tm->busy(tm)) {
		DBG2(DBG_IKE, "nothing from the peer for %lds, sending DPD", (long)idle);
		status = ike_sa->send_dpd(ike_sa);
	}
	arm(ike_sa, TIMER_DPD, 0, seconds_ms(delay));
	return status;
}

uint32_t ike_sa_timers_keepalive_wait(time_t idle, uint32_t interval)
{
	if (!interval || idle >= (time_t)interval) {
		return 0;
	}
	return idle < 0 ? interval : interval - (uint32_t)idle;
}

static uint32_t keepalive_interval(void)
{
	return lib->settings->get_time(lib->settings, "%s.keep_alive", 20, lib->ns);
}

/* Keepalives: the latest IKE message or ESP packet we sent. */
static time_t last_outbound(ike_sa_t *ike_sa)
{
	time_t last = ike_sa->get_statistic(ike_sa, STAT_OUTBOUND), used;
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child;

	while (e->enumerate(e, &child)) {
		used = 0;
		child->get_usestats(child, false, NULL, NULL, &used);
		if (used > last) {
			last = used;
		}
	}
	e->destroy(e);
	return last;
}

static void send_keepalive(ike_sa_t *ike_sa)
{
	host_t *me = ike_sa->get_my_host(ike_sa), *other = ike_sa->get_other_host(ike_sa);
	socket_t *socket = socket_get();
	uint8_t byte = 0xff;
	char buf[HOST_STR_LEN];

	if (!socket || !me || !other) {
		return;
	}
	host_to_str_port(other, buf, sizeof(buf));
	if (socket->send_esp(socket, me, other, chunk_from_thing(byte)) != SUCCESS) {
		DBG1(DBG_NET, "sending NAT keepalive to %s failed", buf);
		return;
	}
	DBG2(DBG_NET, "sent NAT keepalive to %s", buf);
	ike_sa->set_statistic(ike_sa, STAT_OUTBOUND, time_monotonic(NULL));
}

static status_t fire_keepalive(ike_sa_t *ike_sa)
{
	uint32_t interval = keepalive_interval(), wait;
	ike_sa_state_t state = ike_sa->get_state(ike_sa);

	if (!interval || state == IKE_REKEYED || state == IKE_DELETING ||
	    state == IKE_DESTROYING) {
		return SUCCESS;
	}
	wait = ike_sa_timers_keepalive_wait(time_monotonic(NULL) - last_outbound(ike_sa),
					    interval);
	if (!wait) {
		if (ike_sa->has_condition(ike_sa, COND_NAT_HERE)) {
			send_keepalive(ike_sa);
		}
		wait = interval;
	}
	arm(ike_sa, TIMER_KEEPALIVE, 0, seconds_ms(wait));
	return SUCCESS;
}

static status_t fire_address(ike_sa_t *ike_sa)
{
	ike_sa_state_t state = ike_sa->get_state(ike_sa);
	host_t *me = ike_sa->get_my_host(ike_sa), *other = ike_sa->get_other_host(ike_sa), *now;
	task_manager_t *tm = ike_sa->get_task_manager(ike_sa);
	char was[HOST_STR_LEN], is[HOST_STR_LEN];

	if (!ike_sa->supports_extension(ike_sa, EXT_MOBIKE) || state == IKE_REKEYED ||
	    state == IKE_DELETING || state == IKE_DESTROYING) {
		return SUCCESS;
	}
	arm(ike_sa, TIMER_ADDRESS, 0, ADDRESS_CHECK_MS);
	if (state != IKE_ESTABLISHED || !me || !other || kernel_net_is_local(me)) {
		return SUCCESS;
	}
	now = kernel_net_get_source_addr(other, NULL);
	if (!now) {
		DBG1(DBG_IKE, "address %s is gone and no other reaches the peer",
		     host_to_str(me, was, sizeof(was)));
		return SUCCESS;
	}
	now->set_port(now, me->get_port(me));
	DBG1(DBG_IKE, "address %s is gone, moving IKE_SA %s[%u] to %s",
	     host_to_str(me, was, sizeof(was)), ike_sa->get_name(ike_sa),
	     ike_sa->get_unique_id(ike_sa), host_to_str(now, is, sizeof(is)));
	ike_sa->set_my_host(ike_sa, now);
	now->destroy(now);
	tm->queue_task(tm, ike_mobike_create(ike_sa, true));
	return tm->initiate(tm);
}

void ike_sa_timers_established(ike_sa_t *ike_sa)
{
	peer_cfg_t *cfg = ike_sa->get_peer_cfg(ike_sa);
	time_t now = time_monotonic(NULL), first = 0;
	uint32_t rekey, reauth, dpd, lifetime, keepalive;

	if (!cfg) {
		return;
	}
	rekey = cfg->get_rekey_time(cfg, true);
	reauth = cfg->get_reauth_time(cfg, true);
	ike_sa->set_statistic(ike_sa, STAT_REKEY, rekey ? now + rekey : 0);
	ike_sa->set_statistic(ike_sa, STAT_REAUTH, reauth ? now + reauth : 0);
	ike_sa->set_statistic(ike_sa, STAT_DELETE, 0);
	if (rekey) {
		DBG1(DBG_IKE, "scheduling rekeying in %us", rekey);
		arm(ike_sa, TIMER_IKE_REKEY, 0, seconds_ms(rekey));
		first = now + rekey;
	}
	if (reauth) {
		DBG1(DBG_IKE, "scheduling reauthentication in %us", reauth);
		arm(ike_sa, TIMER_IKE_REAUTH, 0, seconds_ms(reauth));
		if (!first || now + reauth < first) {
			first = now + reauth;
		}
	}
	if (first) {
		lifetime = (uint32_t)(first - now) + cfg->get_over_time(cfg);
		ike_sa->set_statistic(ike_sa, STAT_DELETE, now + lifetime);
		DBG1(DBG_IKE, "maximum IKE_SA lifetime %us", lifetime);
		arm(ike_sa, TIMER_IKE_DELETE, 0, seconds_ms(lifetime));
	}
	dpd = cfg->get_dpd(cfg);
	if (dpd) {
		arm(ike_sa, TIMER_DPD, 0, seconds_ms(dpd));
	}
	keepalive = keepalive_interval();
	if (keepalive) {
		DBG2(DBG_IKE, "%s, NAT keepalive check every %us",
		     ike_sa->has_condition(ike_sa, COND_NAT_HERE) ? "behind a NAT"
								   : "not behind a NAT",
		     keepalive);
		arm(ike_sa, TIMER_KEEPALIVE, 0, seconds_ms(keepalive));
	}
	if (ike_sa->supports_extension(ike_sa, EXT_MOBIKE)) {
		arm(ike_sa, TIMER_ADDRESS, 0, ADDRESS_CHECK_MS);
	}
}

void ike_sa_timers_child_installed(ike_sa_t *ike_sa, child_sa_t *child)
{
	time_t now = time_monotonic(NULL);
	time_t soft = child->get_lifetime(child, false), hard = child->get_lifetime(child, true);
	uint32_t spi = child->get_spi(child, true);

	if (soft) {
		arm(ike_sa, TIMER_CHILD_REKEY, spi, seconds_ms(soft - now + BACKSTOP_DELAY));
	}
	if (hard) {
		arm(ike_sa, TIMER_CHILD_EXPIRE, spi, seconds_ms(hard - now + BACKSTOP_DELAY));
	}
}

void ike_sa_timers_rekey_failed(ike_sa_t *ike_sa, uint32_t spi)
{
	/* a little jitter, so two peers that failed together do not retry together */
	uint32_t ms = IKE_SA_REKEY_RETRY * 1000 + (uint32_t)(random() % 2000);

	DBG1(DBG_IKE, "retrying the rekeying of %s in %us", spi ? "the CHILD_SA" : "the IKE_SA",
	     ms / 1000);
	arm(ike_sa, TIMER_REKEY_RETRY, spi, ms);
}

void ike_sa_timers_replaced(ike_sa_t *ike_sa)
{
	arm(ike_sa, TIMER_REPLACED, 0, seconds_ms(IKE_SA_REPLACED_TIMEOUT));
}

void ike_sa_timers_keying_retry(ike_sa_t *ike_sa, uint32_t delay)
{
	arm(ike_sa, TIMER_KEYING_RETRY, 0, seconds_ms(delay));
}

void ike_sa_timers_reauthenticated(ike_sa_t *ike_sa, const ike_sa_id_t *old)
{
	arm_id(old, TIMER_REAUTHENTICATED, 0, REAUTH_OVERLAP);
}
