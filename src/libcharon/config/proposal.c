/*
 * SA proposals and their selection (RFC 7296 §2.7, §3.3).
 */
#include <stdio.h>

#include "config/proposal.h"

/* printing order strongSwan uses, then any other type */
static const uint16_t print_order[] = {
	TRANSFORM_ENCR, TRANSFORM_INTEG, TRANSFORM_PRF, TRANSFORM_KE, TRANSFORM_ESN,
};

typedef struct transform_t {
	uint16_t type;
	uint16_t alg;
	uint16_t key_length;
} transform_t;

typedef struct private_proposal_t {
	proposal_t public;
	protocol_id_t protocol;
	uint8_t number;
	uint8_t spi[8];
	uint8_t spi_len;
	transform_t *transforms;
	int count;
	int alloc;
} private_proposal_t;

const char *protocol_id_name(protocol_id_t protocol)
{
	switch (protocol) {
	case PROTO_IKE:
		return "IKE";
	case PROTO_AH:
		return "AH";
	case PROTO_ESP:
		return "ESP";
	default:
		return NULL;
	}
}

static protocol_id_t get_protocol(proposal_t *public)
{
	private_proposal_t *this = (private_proposal_t *)public;

	return this->protocol;
}

static uint8_t get_number(proposal_t *public)
{
	private_proposal_t *this = (private_proposal_t *)public;

	return this->number;
}

static void set_number(proposal_t *public, uint8_t number)
{
	private_proposal_t *this = (private_proposal_t *)public;

	this->number = number;
}

static chunk_t get_spi(proposal_t *public)
{
	private_proposal_t *this = (private_proposal_t *)public;

	return chunk_create(this->spi_len ? this->spi : NULL, this->spi_len);
}

static bool set_spi(proposal_t *public, chunk_t spi)
{
	private_proposal_t *this = (private_proposal_t *)public;

	if (spi.len != 0 && spi.len != 4 && spi.len != 8) {
		return false;
	}
	if (spi.len) {
		memcpy(this->spi, spi.ptr, spi.len);
	}
	this->spi_len = (uint8_t)spi.len;
	return true;
}

static void add_algorithm(proposal_t *public, uint16_t type, uint16_t alg,
			  uint16_t key_length)
{
	private_proposal_t *this = (private_proposal_t *)public;
	transform_t *grown;

	if (this->count == this->alloc) {
		this->alloc = this->alloc ? this->alloc * 2 : 8;
		grown = mem_zalloc(sizeof(transform_t) * this->alloc);
		if (this->transforms) {
			memcpy(grown, this->transforms, sizeof(transform_t) * this->count);
			free(this->transforms);
		}
		this->transforms = grown;
	}
	this->transforms[this->count++] = (transform_t){
		.type = type,
		.alg = alg,
		.key_length = key_length,
	};
}

/* the index-th transform of a type, NULL if there are fewer */
static transform_t *find(private_proposal_t *this, uint16_t type, int index)
{
	int i;

	for (i = 0; i < this->count; i++) {
		if (this->transforms[i].type == type && index-- == 0) {
			return &this->transforms[i];
		}
	}
	return NULL;
}

static bool get_algorithm(proposal_t *public, uint16_t type, int index,
			  uint16_t *alg, uint16_t *key_length)
{
	private_proposal_t *this = (private_proposal_t *)public;
	transform_t *t = find(this, type, index);

	if (!t) {
		return false;
	}
	if (alg) {
		*alg = t->alg;
	}
	if (key_length) {
		*key_length = t->key_length;
	}
	return true;
}

static int count_algorithms(proposal_t *public, uint16_t type)
{
	private_proposal_t *this = (private_proposal_t *)public;
	int i, n = 0;

	for (i = 0; i < this->count; i++) {
		if (this->transforms[i].type == type) {
			n++;
		}
	}
	return n;
}

typedef struct transform_enumerator_t {
	enumerator_t public;
	private_proposal_t *proposal;
	int pos;
} transform_enumerator_t;

static bool enumerate_transforms(enumerator_t *public, ...)
{
	transform_enumerator_t *this = (transform_enumerator_t *)public;
	uint16_t *type, *alg, *key_length;
	transform_t *t;
	va_list args;

	if (this->pos >= this->proposal->count) {
		return false;
	}
	t = &this->proposal->transforms[this->pos++];
	va_start(args, public);
	type = va_arg(args, uint16_t *);
	alg = va_arg(args, uint16_t *);
	key_length = va_arg(args, uint16_t *);
	va_end(args);
	if (type) {
		*type = t->type;
	}
	if (alg) {
		*alg = t->alg;
	}
	if (key_length) {
		*key_length = t->key_length;
	}
	return true;
}

static void destroy_transform_enumerator(enumerator_t *public)
{
	free(public);
}

static enumerator_t *create_enumerator(proposal_t *public)
{
	transform_enumerator_t *e = mem_zalloc(sizeof(*e));

	*e = (transform_enumerator_t){
		.public = {
			.enumerate = enumerate_transforms,
			.destroy = destroy_transform_enumerator,
		},
		.proposal = (private_proposal_t *)public,
	};
	return &e->public;
}

static bool has_ke_method(proposal_t *public, key_exchange_method_t method)
{
	private_proposal_t *this = (private_proposal_t *)public;
	transform_t *t;
	int i;

	if (method == KE_NONE && !find(this, TRANSFORM_KE, 0)) {
		return true;
	}
	for (i = 0; (t = find(this, TRANSFORM_KE, i)); i++) {
		if (t->alg == (uint16_t)method) {
			return true;
		}
	}
	return false;
}

static bool has_type(private_proposal_t *this, uint16_t type)
{
	return find(this, type, 0) != NULL;
}

/* a type a proposal does not mention offers just ID 0 without key length */
static bool offers(private_proposal_t *this, uint16_t type, uint16_t alg,
		   uint16_t key_length)
{
	transform_t *t;
	int i;

	if (!has_type(this, type)) {
		return alg == 0 && key_length == 0;
	}
	for (i = 0; (t = find(this, type, i)); i++) {
		if (t->alg == alg && t->key_length == key_length) {
			return true;
		}
	}
	return false;
}

/* choose for one type: our first transform the other side offers too */
static bool select_type(private_proposal_t *this, private_proposal_t *other,
			uint16_t type, private_proposal_t *result)
{
	transform_t *t, none = { .type = type };
	int i;

	if (!has_type(this, type)) {
		t = &none;
		if (!offers(other, type, 0, 0)) {
			return false;
		}
	} else {
		for (i = 0; (t = find(this, type, i)); i++) {
			if (offers(other, type, t->alg, t->key_length)) {
				break;
			}
		}
		if (!t) {
			return false;
		}
	}
	/* an implicit or explicit NONE is not worth listing, except for ESN
	 * where 0 is the real choice NO_EXT_SEQ */
	if (t->alg != 0 || (type == TRANSFORM_ESN &&
			    (has_type(this, type) || has_type(other, type)))) {
		add_algorithm(&result->public, type, t->alg, t->key_length);
	}
	return true;
}

static bool seen_before(private_proposal_t *this, int pos)
{
	int i;

	for (i = 0; i < pos; i++) {
		if (this->transforms[i].type == this->transforms[pos].type) {
			return true;
		}
	}
	return false;
}

static void destroy(proposal_t *public);

static proposal_t *select_proposal(proposal_t *public, proposal_t *other_public)
{
	private_proposal_t *this = (private_proposal_t *)public;
	private_proposal_t *other = (private_proposal_t *)other_public;
	private_proposal_t *result;
	private_proposal_t *sides[] = { this, other };
	uint16_t type;
	int i, s;

	if (this->protocol != other->protocol) {
		return NULL;
	}
	result = (private_proposal_t *)proposal_create(other->protocol, other->number);
	set_spi(&result->public, get_spi(&other->public));

	/* every type either side mentions, each once, in first-seen order */
	for (s = 0; s < 2; s++) {
		for (i = 0; i < sides[s]->count; i++) {
			type = sides[s]->transforms[i].type;
			if (seen_before(sides[s], i) ||
			    (s == 1 && has_type(this, type))) {
				continue;
			}
			if (!select_type(this, other, type, result)) {
				DBG2(DBG_CFG, "no matching %s transform",
				     transform_type_name(type) ?: "unknown");
				destroy(&result->public);
				return NULL;
			}
		}
	}
	return &result->public;
}

static bool same_for_type(private_proposal_t *a, private_proposal_t *b, uint16_t type)
{
	transform_t *ta, *tb;
	int i;

	for (i = 0;; i++) {
		ta = find(a, type, i);
		tb = find(b, type, i);
		if (!ta || !tb) {
			return !ta && !tb;
		}
		if (ta->alg != tb->alg || ta->key_length != tb->key_length) {
			return false;
		}
	}
}

static bool equals(proposal_t *public, proposal_t *other_public)
{
	private_proposal_t *this = (private_proposal_t *)public;
	private_proposal_t *other = (private_proposal_t *)other_public;
	int i;

	if (this->protocol != other->protocol || this->count != other->count) {
		return false;
	}
	for (i = 0; i < this->count; i++) {
		if (!same_for_type(this, other, this->transforms[i].type)) {
			return false;
		}
	}
	return true;
}

static proposal_t *clone_(proposal_t *public)
{
	private_proposal_t *this = (private_proposal_t *)public;
	private_proposal_t *copy;
	int i;

	copy = (private_proposal_t *)proposal_create(this->protocol, this->number);
	set_spi(&copy->public, get_spi(public));
	for (i = 0; i < this->count; i++) {
		add_algorithm(&copy->public, this->transforms[i].type,
			      this->transforms[i].alg, this->transforms[i].key_length);
	}
	return &copy->public;
}

static bool is_print_type(uint16_t type)
{
	size_t i;

	for (i = 0; i < countof(print_order); i++) {
		if (print_order[i] == type) {
			return true;
		}
	}
	return false;
}

/* append to buf at *pos, truncating safely */
static void append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list args;
	int written;

	if (*pos >= len) {
		return;
	}
	va_start(args, fmt);
	written = vsnprintf(buf + *pos, len - *pos, fmt, args);
	va_end(args);
	if (written > 0) {
		*pos += (size_t)written;
	}
}

static void print_transform(transform_t *t, char *buf, size_t len, size_t *pos,
			    bool *first)
{
	const char *name = transform_name(t->type, t->alg);

	append(buf, len, pos, "%s", *first ? "" : "/");
	*first = false;
	if (name) {
		append(buf, len, pos, "%s", name);
	} else {
		append(buf, len, pos, "UNKNOWN_%u_%u", t->type, t->alg);
	}
	if (t->key_length) {
		append(buf, len, pos, "_%u", t->key_length);
	}
}

static char *to_string(proposal_t *public, char *buf, size_t len, bool with_protocol)
{
	private_proposal_t *this = (private_proposal_t *)public;
	const char *proto = protocol_id_name(this->protocol);
	size_t pos = 0, o;
	bool first = true;
	int i;

	if (!len) {
		return buf;
	}
	buf[0] = '\0';
	if (with_protocol) {
		if (proto) {
			append(buf, len, &pos, "%s:", proto);
		} else {
			append(buf, len, &pos, "PROTO_%d:", this->protocol);
		}
	}
	for (o = 0; o < countof(print_order); o++) {
		for (i = 0; i < this->count; i++) {
			if (this->transforms[i].type == print_order[o]) {
				print_transform(&this->transforms[i], buf, len, &pos, &first);
			}
		}
	}
	for (i = 0; i < this->count; i++) {
		if (!is_print_type(this->transforms[i].type)) {
			print_transform(&this->transforms[i], buf, len, &pos, &first);
		}
	}
	return buf;
}

static void destroy(proposal_t *public)
{
	private_proposal_t *this = (private_proposal_t *)public;

	free(this->transforms);
	free(this);
}

proposal_t *proposal_create(protocol_id_t protocol, uint8_t number)
{
	private_proposal_t *this = mem_zalloc(sizeof(*this));

	*this = (private_proposal_t){
		.public = {
			.get_protocol = get_protocol,
			.get_number = get_number,
			.set_number = set_number,
			.get_spi = get_spi,
			.set_spi = set_spi,
			.add_algorithm = add_algorithm,
			.get_algorithm = get_algorithm,
			.count_algorithms = count_algorithms,
			.create_enumerator = create_enumerator,
			.has_ke_method = has_ke_method,
			.select = select_proposal,
			.equals = equals,
			.clone = clone_,
			.to_string = to_string,
			.destroy = destroy,
		},
		.protocol = protocol,
		.number = number,
	};
	return &this->public;
}

proposal_t *proposal_select_list(linked_list_t *ours, linked_list_t *theirs)
{
	enumerator_t *outer, *inner;
	proposal_t *mine, *peer, *selected = NULL;

	outer = ours->create_enumerator(ours);
	while (!selected && outer->enumerate(outer, &mine)) {
		inner = theirs->create_enumerator(theirs);
		while (!selected && inner->enumerate(inner, &peer)) {
			selected = mine->select(mine, peer);
		}
		inner->destroy(inner);
	}
	outer->destroy(outer);
	return selected;
}

proposal_t *proposal_select_list_peer(linked_list_t *ours, linked_list_t *theirs)
{
	enumerator_t *outer, *inner;
	proposal_t *peer, *mine, *selected = NULL;

	outer = theirs->create_enumerator(theirs);
	while (!selected && outer->enumerate(outer, &peer)) {
		inner = ours->create_enumerator(ours);
		while (!selected && inner->enumerate(inner, &mine)) {
			selected = peer->select(peer, mine);
			if (selected) {
				selected->set_number(selected, peer->get_number(peer));
				selected->set_spi(selected, peer->get_spi(peer));
			}
		}
		inner->destroy(inner);
	}
	outer->destroy(outer);
	return selected;
}

static bool proposal_item_equals(void *a, void *b)
{
	proposal_t *pa = a;

	return pa->equals(pa, b);
}

bool proposal_list_equals(linked_list_t *a, linked_list_t *b)
{
	return linked_list_equals(a, b, proposal_item_equals);
}
