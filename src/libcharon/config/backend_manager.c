/*
 * The loaded connections, in the order they were added, behind a
 * read-write lock: IKE_SAs look them up concurrently, stroke adds and
 * removes them.
 *
 * Look-ups rank candidates and, on equal rank, keep the order of loading,
 * as ipsec.conf users expect the first matching conn to win.
 */
#include <pthread.h>

#include "config/backend_manager.h"

typedef struct private_backend_manager_t {
	backend_manager_t public;
	linked_list_t *peers;		/* peer_cfg_t *, one reference each */
	pthread_rwlock_t lock;
} private_backend_manager_t;

static void add_peer_cfg(backend_manager_t *public, peer_cfg_t *cfg)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;
	enumerator_t *enumerator;
	peer_cfg_t *current, *replaced = NULL;

	if (!cfg) {
		return;
	}
	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->peers->create_enumerator(this->peers);
	while (!replaced && enumerator->enumerate(enumerator, &current)) {
		if (streq(current->get_name(current), cfg->get_name(cfg))) {
			/* keep its place in the order */
			this->peers->insert_before(this->peers, enumerator, cfg);
			this->peers->remove_at(this->peers, enumerator);
			replaced = current;
		}
	}
	enumerator->destroy(enumerator);
	if (!replaced) {
		this->peers->insert_last(this->peers, cfg);
	}
	pthread_rwlock_unlock(&this->lock);
	DESTROY_IF(replaced);
}

static bool remove_peer_cfg(backend_manager_t *public, const char *name)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;
	enumerator_t *enumerator;
	peer_cfg_t *current, *removed = NULL;

	pthread_rwlock_wrlock(&this->lock);
	enumerator = this->peers->create_enumerator(this->peers);
	while (!removed && enumerator->enumerate(enumerator, &current)) {
		if (streq(current->get_name(current), name)) {
			this->peers->remove_at(this->peers, enumerator);
			removed = current;
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	DESTROY_IF(removed);
	return removed != NULL;
}

static peer_cfg_t *get_peer_cfg_by_name(backend_manager_t *public, const char *name)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;
	enumerator_t *enumerator;
	peer_cfg_t *current, *found = NULL;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->peers->create_enumerator(this->peers);
	while (!found && enumerator->enumerate(enumerator, &current)) {
		if (streq(current->get_name(current), name)) {
			found = current->get_ref(current);
		}
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return found;
}

/* Address fit of an IKE config; -1 if a given address does not fit. */
static int ike_score(ike_cfg_t *ike, host_t *me, host_t *other)
{
	int my_match = 0, other_match = 0;

	if (me) {
		my_match = ike->match_me(ike, me);
		if (!my_match) {
			return -1;
		}
	}
	if (other) {
		other_match = ike->match_other(ike, other);
		if (!other_match) {
			return -1;
		}
	}
	return my_match + other_match;
}

static ike_cfg_t *get_ike_cfg(backend_manager_t *public, host_t *me, host_t *other)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;
	enumerator_t *enumerator;
	peer_cfg_t *peer;
	ike_cfg_t *ike, *best = NULL;
	int score, best_score = -1;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->peers->create_enumerator(this->peers);
	while (enumerator->enumerate(enumerator, &peer)) {
		ike = peer->get_ike_cfg(peer);
		score = ike_score(ike, me, other);
		if (score > best_score) {
			best_score = score;
			best = ike;
		}
	}
	enumerator->destroy(enumerator);
	if (best) {
		best = best->get_ref(best);
	}
	pthread_rwlock_unlock(&this->lock);
	return best;
}

/*
 * How well a received identity fits a configured one; ID_MATCH_ANY if either
 * is unknown. The IDr a peer sends about us is only a hint, so for it a
 * wildcard on the peer's side counts too.
 */
static id_match_t id_score(identification_t *id, identification_t *cfg_id, bool hint)
{
	id_match_t match;

	if (!id || !cfg_id) {
		return ID_MATCH_ANY;
	}
	match = id->matches(id, cfg_id);
	if (match == ID_MATCH_NONE && hint) {
		match = cfg_id->matches(cfg_id, id);
	}
	return match;
}

typedef struct candidate_t {
	peer_cfg_t *peer;
	int id_rank;
	int ike_rank;
} candidate_t;

/* an enumerator handing out a list of references, freed with it */
typedef struct ref_enumerator_t {
	enumerator_t public;
	linked_list_t *list;
	enumerator_t *inner;
} ref_enumerator_t;

static bool ref_enumerate(enumerator_t *public, ...)
{
	ref_enumerator_t *this = (ref_enumerator_t *)public;
	peer_cfg_t **out, *peer;
	va_list args;

	if (!this->inner->enumerate(this->inner, &peer)) {
		return false;
	}
	va_start(args, public);
	out = va_arg(args, peer_cfg_t **);
	va_end(args);
	if (out) {
		*out = peer;
	}
	return true;
}

static void ref_enumerator_destroy(enumerator_t *public)
{
	ref_enumerator_t *this = (ref_enumerator_t *)public;

	this->inner->destroy(this->inner);
	this->list->destroy_offset(this->list, DESTROY_OFFSET(peer_cfg_t));
	free(this);
}

static enumerator_t *ref_enumerator_create(linked_list_t *list)
{
	ref_enumerator_t *this = mem_zalloc(sizeof(*this));

	*this = (ref_enumerator_t){
		.public = {
			.enumerate = ref_enumerate,
			.destroy = ref_enumerator_destroy,
		},
		.list = list,
		.inner = list->create_enumerator(list),
	};
	return &this->public;
}

static enumerator_t *create_peer_cfg_enumerator(backend_manager_t *public,
						host_t *me, host_t *other,
						identification_t *my_id,
						identification_t *other_id)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;
	enumerator_t *enumerator;
	linked_list_t *result = linked_list_create();
	candidate_t *candidates, c;
	peer_cfg_t *peer;
	id_match_t my_match, other_match;
	int count = 0, i, j, ike;

	pthread_rwlock_rdlock(&this->lock);
	candidates = mem_zalloc(sizeof(candidate_t) * (size_t)(this->peers->get_count(this->peers) + 1));
	enumerator = this->peers->create_enumerator(this->peers);
	while (enumerator->enumerate(enumerator, &peer)) {
		ike = ike_score(peer->get_ike_cfg(peer), me, other);
		my_match = id_score(my_id, peer->get_auth(peer, true)->id, true);
		other_match = id_score(other_id, peer->get_auth(peer, false)->id, false);
		if (ike < 0 || my_match == ID_MATCH_NONE || other_match == ID_MATCH_NONE) {
			continue;
		}
		c = (candidate_t){
			.peer = peer->get_ref(peer),
			.id_rank = (int)my_match + (int)other_match,
			.ike_rank = ike,
		};
		/* insertion sort, stable: identities first, then addresses */
		for (i = count; i > 0; i--) {
			if (candidates[i - 1].id_rank > c.id_rank ||
			    (candidates[i - 1].id_rank == c.id_rank &&
			     candidates[i - 1].ike_rank >= c.ike_rank)) {
				break;
			}
		}
		for (j = count; j > i; j--) {
			candidates[j] = candidates[j - 1];
		}
		candidates[i] = c;
		count++;
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);

	for (i = 0; i < count; i++) {
		result->insert_last(result, candidates[i].peer);
	}
	free(candidates);
	return ref_enumerator_create(result);
}

static enumerator_t *create_enumerator(backend_manager_t *public)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;
	linked_list_t *result = linked_list_create();
	enumerator_t *enumerator;
	peer_cfg_t *peer;

	pthread_rwlock_rdlock(&this->lock);
	enumerator = this->peers->create_enumerator(this->peers);
	while (enumerator->enumerate(enumerator, &peer)) {
		result->insert_last(result, peer->get_ref(peer));
	}
	enumerator->destroy(enumerator);
	pthread_rwlock_unlock(&this->lock);
	return ref_enumerator_create(result);
}

static void destroy(backend_manager_t *public)
{
	private_backend_manager_t *this = (private_backend_manager_t *)public;

	this->peers->destroy_offset(this->peers, DESTROY_OFFSET(peer_cfg_t));
	pthread_rwlock_destroy(&this->lock);
	free(this);
}

backend_manager_t *backend_manager_create(void)
{
	private_backend_manager_t *this = mem_zalloc(sizeof(*this));

	*this = (private_backend_manager_t){
		.public = {
			.add_peer_cfg = add_peer_cfg,
			.remove_peer_cfg = remove_peer_cfg,
			.get_peer_cfg_by_name = get_peer_cfg_by_name,
			.get_ike_cfg = get_ike_cfg,
			.create_peer_cfg_enumerator = create_peer_cfg_enumerator,
			.create_enumerator = create_enumerator,
			.destroy = destroy,
		},
		.peers = linked_list_create(),
	};
	pthread_rwlock_init(&this->lock, NULL);
	return &this->public;
}
