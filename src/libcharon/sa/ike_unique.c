#include <inttypes.h>

#include "sa/ike_unique.h"
#include "daemon.h"
#include "control/controller.h"

static bool same_id(identification_t *a, identification_t *b)
{
	return a && b && a->equals(a, b);
}

/*
 * Old IKE_SAs of the same conn between the same identities (unique ids).
 * Without INITIAL_CONTACT only those with another peer address: one from
 * the same address may be the SA a make-before-break reauthentication
 * replaces, which its initiator deletes after the overlap.
 */
static linked_list_t *duplicates(ike_sa_t *ike_sa, bool initial_contact)
{
	host_t *other = ike_sa->get_other_host(ike_sa), *old;
	linked_list_t *ids = linked_list_create();
	enumerator_t *e;
	ike_sa_t *sa;

	/* SAs other threads hold are skipped: they are busy, not idle duplicates */
	e = charon->ike_sa_manager->create_enumerator(charon->ike_sa_manager, false);
	while (e->enumerate(e, &sa)) {
		if (sa == ike_sa || sa->get_state(sa) != IKE_ESTABLISHED ||
		    !streq(sa->get_name(sa), ike_sa->get_name(ike_sa)) ||
		    !same_id(sa->get_my_id(sa), ike_sa->get_my_id(ike_sa)) ||
		    !same_id(sa->get_other_id(sa), ike_sa->get_other_id(ike_sa))) {
			continue;
		}
		old = sa->get_other_host(sa);
		if (!initial_contact && other && old && other->ip_equals(other, old)) {
			continue;
		}
		ids->insert_last(ids, (void *)(uintptr_t)sa->get_unique_id(sa));
	}
	e->destroy(e);
	return ids;
}

int ike_unique_enforce(ike_sa_t *ike_sa, bool initial_contact)
{
	peer_cfg_t *cfg = ike_sa->get_peer_cfg(ike_sa);
	identification_t *other = ike_sa->get_other_id(ike_sa);
	linked_list_t *ids;
	void *id;
	int count = 0;

	if (!cfg || !charon || !charon->ike_sa_manager || !charon->controller) {
		return 0;
	}
	switch (cfg->get_unique_policy(cfg)) {
	case UNIQUE_REPLACE:
		break;
	case UNIQUE_NO:
		if (initial_contact) {
			break;
		}
		return 0;
	default:
		return 0;
	}
	ids = duplicates(ike_sa, initial_contact);
	while (ids->remove_first(ids, &id) == SUCCESS) {
		DBG1(DBG_IKE, "deleting duplicate IKE_SA %s[%" PRIu32 "] for peer '%s' due to "
		     "uniqueness policy", ike_sa->get_name(ike_sa), (uint32_t)(uintptr_t)id,
		     other ? other->to_string(other) : "%any");
		/* no callback: the delete goes on in the background */
		charon->controller->terminate_ike(charon->controller, (uint32_t)(uintptr_t)id,
						  false, NULL, NULL, 0, 0);
		count++;
	}
	ids->destroy(ids);
	return count;
}
