/*
 * IKEv2 messages: the IKE header, payload chains, and SK.
 *
 * IKE header (RFC 7296 §3.1): SPIi (8), SPIr (8), next payload (1),
 * version (1), exchange type (1), flags (1), message ID (4), length (4).
 */
#include <stdio.h>

#include "encoding/message.h"
#include "encoding/message_rules.h"
#include "encoding/sk_payload.h"
#include "encoding/enc_counters.h"
#include "encoding/frag_buffer.h"
#include "collections/linked_list.h"

/* where the IKE header keeps the message length */
#define IKE_LENGTH_OFFSET 24

#define FLAG_RESPONSE 0x20
#define FLAG_VERSION 0x10
#define FLAG_INITIATOR 0x08

typedef struct private_message_t {
	message_t public;
	uint64_t spi_i;
	uint64_t spi_r;
	uint8_t major;
	uint8_t minor;
	uint8_t exchange;
	uint8_t flags;
	uint32_t message_id;
	/* Next Payload of the IKE header, as parsed */
	uint8_t first_payload;
	linked_list_t *payloads;
	/* payloads at the head of the list that came outside SK */
	int plain_count;
	bool has_sk;
	/* SK was an Encrypted Fragment payload (RFC 7383) */
	bool has_skf;
	struct {
		uint16_t number;
		uint16_t total;
		payload_type_t first;
		chunk_t plain;
		chunk_t inner;
	} fragment;
	bool header_parsed;
	bool body_parsed;
	uint8_t unsupported_critical;
	chunk_t packet;
} private_message_t;

const char *exchange_type_name(exchange_type_t type)
{
	switch (type) {
	case IKE_SA_INIT:
		return "IKE_SA_INIT";
	case IKE_AUTH:
		return "IKE_AUTH";
	case CREATE_CHILD_SA:
		return "CREATE_CHILD_SA";
	case INFORMATIONAL:
		return "INFORMATIONAL";
	}
	return NULL;
}

static uint64_t get_spi_i(message_t *public)
{
	return ((private_message_t *)public)->spi_i;
}

static void set_spi_i(message_t *public, uint64_t spi)
{
	((private_message_t *)public)->spi_i = spi;
}

static uint64_t get_spi_r(message_t *public)
{
	return ((private_message_t *)public)->spi_r;
}

static void set_spi_r(message_t *public, uint64_t spi)
{
	((private_message_t *)public)->spi_r = spi;
}

static uint8_t get_major_version(message_t *public)
{
	return ((private_message_t *)public)->major;
}

static uint8_t get_minor_version(message_t *public)
{
	return ((private_message_t *)public)->minor;
}

static exchange_type_t get_exchange_type(message_t *public)
{
	return (exchange_type_t)((private_message_t *)public)->exchange;
}

static void set_exchange_type(message_t *public, exchange_type_t type)
{
	((private_message_t *)public)->exchange = (uint8_t)type;
}

static void set_flag(private_message_t *this, uint8_t flag, bool set)
{
	this->flags = set ? this->flags | flag : this->flags & ~flag;
}

static bool get_initiator(message_t *public)
{
	return ((private_message_t *)public)->flags & FLAG_INITIATOR;
}

static void set_initiator(message_t *public, bool initiator)
{
	set_flag((private_message_t *)public, FLAG_INITIATOR, initiator);
}

static bool get_request(message_t *public)
{
	return !(((private_message_t *)public)->flags & FLAG_RESPONSE);
}

static void set_request(message_t *public, bool request)
{
	set_flag((private_message_t *)public, FLAG_RESPONSE, !request);
}

static bool get_version_flag(message_t *public)
{
	return ((private_message_t *)public)->flags & FLAG_VERSION;
}

static uint32_t get_message_id(message_t *public)
{
	return ((private_message_t *)public)->message_id;
}

static void set_message_id(message_t *public, uint32_t id)
{
	((private_message_t *)public)->message_id = id;
}

static void add_payload(message_t *public, payload_t *payload)
{
	private_message_t *this = (private_message_t *)public;

	this->payloads->insert_last(this->payloads, payload);
}

static bool add_notify(message_t *public, notify_type_t type, chunk_t data)
{
	notify_payload_t *notify;

	notify = notify_payload_create(type, PROTO_NONE, chunk_empty, data);
	if (!notify) {
		return false;
	}
	add_payload(public, &notify->payload);
	return true;
}

static enumerator_t *create_payload_enumerator(message_t *public)
{
	private_message_t *this = (private_message_t *)public;

	return this->payloads->create_enumerator(this->payloads);
}

static payload_t *get_payload(message_t *public, payload_type_t type)
{
	private_message_t *this = (private_message_t *)public;
	payload_t *payload, *found = NULL;
	enumerator_t *e;

	e = this->payloads->create_enumerator(this->payloads);
	while (!found && e->enumerate(e, &payload)) {
		if (payload->get_type(payload) == type) {
			found = payload;
		}
	}
	e->destroy(e);
	return found;
}

static notify_payload_t *get_notify(message_t *public, notify_type_t type)
{
	private_message_t *this = (private_message_t *)public;
	notify_payload_t *notify, *found = NULL;
	payload_t *payload;
	enumerator_t *e;

	e = this->payloads->create_enumerator(this->payloads);
	while (!found && e->enumerate(e, &payload)) {
		if (payload->get_type(payload) != PL_NOTIFY) {
			continue;
		}
		notify = (notify_payload_t *)payload;
		if (notify->get_notify_type(notify) == type) {
			found = notify;
		}
	}
	e->destroy(e);
	return found;
}

static chunk_t get_packet_data(message_t *public)
{
	return ((private_message_t *)public)->packet;
}

static uint8_t get_unsupported_critical(message_t *public)
{
	return ((private_message_t *)public)->unsupported_critical;
}

static bool is_encrypted(message_t *public)
{
	private_message_t *this = (private_message_t *)public;

	if (this->body_parsed) {
		return this->has_sk;
	}
	return message_rules_encrypted((exchange_type_t)this->exchange);
}

/* encode payloads as one chain; the last gets Next Payload NONE */
static void encode_chain(private_message_t *this, wire_writer_t *w)
{
	enumerator_t *e;
	payload_t *payload, *next;

	e = this->payloads->create_enumerator(this->payloads);
	if (e->enumerate(e, &payload)) {
		while (e->enumerate(e, &next)) {
			payload->encode(payload, next->get_type(next), w);
			payload = next;
		}
		payload->encode(payload, PL_NONE, w);
	}
	e->destroy(e);
}

static payload_type_t first_type(private_message_t *this)
{
	payload_t *payload;

	if (this->payloads->get_first(this->payloads, (void **)&payload) != SUCCESS) {
		return PL_NONE;
	}
	return payload->get_type(payload);
}

static void write_header(private_message_t *this, wire_writer_t *w,
			 payload_type_t first)
{
	wire_write_u64(w, this->spi_i);
	wire_write_u64(w, this->spi_r);
	wire_write_u8(w, (uint8_t)first);
	wire_write_u8(w, (uint8_t)(IKE_MAJOR_VERSION << 4));
	wire_write_u8(w, this->exchange);
	wire_write_u8(w, this->flags & (FLAG_RESPONSE | FLAG_INITIATOR));
	wire_write_u32(w, this->message_id);
	wire_write_u32(w, 0);
}

/* A parsed fragment encodes as the same fragment again (its payloads are
 * only known once all fragments are reassembled). */
static status_t regenerate_fragment(private_message_t *this, sk_crypto_t *crypto,
				    chunk_t *packet)
{
	wire_writer_t w;

	if (!crypto) {
		return INVALID_STATE;
	}
	wire_writer_init(&w, this->packet.len);
	write_header(this, &w, PL_SKF);
	if (!skf_payload_seal(crypto, &w, this->fragment.first, this->fragment.number,
			      this->fragment.total, this->fragment.inner) || w.failed) {
		wire_writer_clear(&w);
		return FAILED;
	}
	chunk_free(&this->packet);
	this->packet = wire_writer_extract(&w);
	*packet = chunk_clone(this->packet);
	enc_counter_inc(ENC_CNT_GENERATED);
	return SUCCESS;
}

static status_t generate(message_t *public, sk_crypto_t *crypto, chunk_t *packet)
{
	private_message_t *this = (private_message_t *)public;
	bool encrypted = message_rules_encrypted((exchange_type_t)this->exchange);
	wire_writer_t w, inner;
	bool ok = true;

	if (this->body_parsed && this->has_skf && this->fragment.total) {
		return regenerate_fragment(this, crypto, packet);
	}
	if (message_rules_check((exchange_type_t)this->exchange, get_request(public),
				this->payloads, encrypted, 0, false) != SUCCESS) {
		return INVALID_STATE;
	}
	if (encrypted && !crypto) {
		DBG1(DBG_ENC, "%s: no keys to encrypt %s", __func__,
		     exchange_type_name((exchange_type_t)this->exchange));
		return INVALID_STATE;
	}
	wire_writer_init(&w, 512);
	write_header(this, &w, encrypted ? PL_SK : first_type(this));
	if (encrypted) {
		wire_writer_init(&inner, 512);
		encode_chain(this, &inner);
		ok = !inner.failed &&
		     sk_payload_seal(crypto, &w, first_type(this), wire_writer_data(&inner));
		wire_writer_clear(&inner);
	} else {
		encode_chain(this, &w);
		if (w.len <= UINT32_MAX) {
			wire_set_u32(&w, IKE_LENGTH_OFFSET, (uint32_t)w.len);
		}
	}
	if (!ok || w.failed || w.len > UINT32_MAX) {
		DBG1(DBG_ENC, "%s: encoding %s failed", __func__,
		     exchange_type_name((exchange_type_t)this->exchange) ?: "message");
		wire_writer_clear(&w);
		return FAILED;
	}
	chunk_free(&this->packet);
	this->packet = wire_writer_extract(&w);
	this->has_sk = encrypted;
	*packet = chunk_clone(this->packet);
	enc_counter_inc(ENC_CNT_GENERATED);
	return SUCCESS;
}

/* Encode one fragment of @p inner into a packet of its own. */
static bool seal_fragment(private_message_t *this, sk_crypto_t *crypto,
			  payload_type_t first, uint16_t number, uint16_t total,
			  chunk_t piece, chunk_t *packet)
{
	wire_writer_t w;

	wire_writer_init(&w, IKE_HEADER_SIZE + piece.len + 64);
	write_header(this, &w, PL_SKF);
	if (!skf_payload_seal(crypto, &w, number == 1 ? first : PL_NONE, number,
			      total, piece) || w.failed) {
		wire_writer_clear(&w);
		return false;
	}
	*packet = wire_writer_extract(&w);
	return true;
}

static void free_packets(chunk_t *packets, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		chunk_free(&packets[i]);
	}
	free(packets);
}

static status_t generate_fragments(message_t *public, sk_crypto_t *crypto,
				   size_t max_len, chunk_t **packets,
				   unsigned int *count)
{
	private_message_t *this = (private_message_t *)public;
	size_t overhead = IKE_HEADER_SIZE + PAYLOAD_HEADER_SIZE + SKF_NUMBERS_SIZE;
	size_t piece_len, pos;
	chunk_t packet, inner, *list;
	unsigned int total, i;
	wire_writer_t w;
	status_t status;

	*packets = NULL;
	*count = 0;
	status = generate(public, crypto, &packet);
	if (status != SUCCESS) {
		return status;
	}
	if (packet.len <= max_len || !this->has_sk || !crypto) {
		*packets = mem_zalloc(sizeof(chunk_t));
		(*packets)[0] = packet;
		*count = 1;
		return SUCCESS;
	}
	piece_len = max_len > overhead ? crypto->get_max_plain(crypto, max_len - overhead)
				       : 0;
	wire_writer_init(&w, packet.len);
	encode_chain(this, &w);
	inner = wire_writer_data(&w);
	total = piece_len ? (unsigned int)((inner.len + piece_len - 1) / piece_len) : 0;
	if (w.failed || !total || total > FRAG_MAX_FRAGMENTS) {
		DBG1(DBG_ENC, "%s: %zu bytes do not fit into fragments of %zu, "
		     "sending the message whole", __func__, packet.len, max_len);
		wire_writer_clear(&w);
		*packets = mem_zalloc(sizeof(chunk_t));
		(*packets)[0] = packet;
		*count = 1;
		return SUCCESS;
	}
	list = mem_zalloc(total * sizeof(chunk_t));
	for (i = 0, pos = 0; i < total; i++, pos += piece_len) {
		chunk_t piece = chunk_create(inner.ptr + pos, inner.len - pos < piece_len
							    ? inner.len - pos : piece_len);

		if (!seal_fragment(this, crypto, first_type(this), (uint16_t)(i + 1),
				   (uint16_t)total, piece, &list[i])) {
			DBG1(DBG_ENC, "%s: sealing fragment %u of %u failed", __func__,
			     i + 1, total);
			free_packets(list, total);
			wire_writer_clear(&w);
			chunk_free(&packet);
			return FAILED;
		}
	}
	DBG1(DBG_ENC, "splitting IKE message (%zu bytes) into %u fragments",
	     packet.len, total);
	wire_writer_clear(&w);
	chunk_free(&packet);
	*packets = list;
	*count = total;
	return SUCCESS;
}

static status_t parse_header(message_t *public)
{
	private_message_t *this = (private_message_t *)public;
	chunk_t in = this->packet;
	uint8_t version;
	uint32_t length;

	if (in.len < IKE_HEADER_SIZE) {
		ENC_MALFORMED("packet %zu bytes, IKE header %d", in.len, IKE_HEADER_SIZE);
		return PARSE_ERROR;
	}
	wire_read_u64(&in, &this->spi_i);
	wire_read_u64(&in, &this->spi_r);
	wire_read_u8(&in, &this->first_payload);
	wire_read_u8(&in, &version);
	wire_read_u8(&in, &this->exchange);
	wire_read_u8(&in, &this->flags);
	wire_read_u32(&in, &this->message_id);
	wire_read_u32(&in, &length);
	this->major = version >> 4;
	this->minor = version & 0x0f;
	if (length != this->packet.len) {
		ENC_MALFORMED("length field %u, packet %zu bytes", length,
			      this->packet.len);
		return PARSE_ERROR;
	}
	if (this->major != IKE_MAJOR_VERSION) {
		enc_reject(ENC_CNT_MALFORMED, __func__, "major version %u", this->major);
		return NOT_SUPPORTED;
	}
	this->header_parsed = true;
	return SUCCESS;
}

/*
 * Walk a payload chain starting with type @p next over @p data. Outside SK
 * an SK payload ends the walk (it must be last); its offset in the packet
 * is returned in @p sk_offset and its Next Payload in @p sk_next.
 */
static status_t parse_chain(private_message_t *this, payload_type_t next,
			    chunk_t data, bool outer, size_t *sk_offset,
			    payload_type_t *sk_next)
{
	exchange_type_t exchange = (exchange_type_t)this->exchange;
	bool request = get_request(&this->public);
	uint8_t next_byte, flags;
	uint16_t length;
	payload_type_t type;
	payload_t *payload;
	chunk_t body, start;
	status_t status;

	while (next != PL_NONE) {
		type = next;
		start = data;
		if (data.len < PAYLOAD_HEADER_SIZE) {
			ENC_MALFORMED("%s payload: %zu bytes left, header %d",
				      payload_type_name(type) ?: "unknown", data.len,
				      PAYLOAD_HEADER_SIZE);
			return PARSE_ERROR;
		}
		wire_read_u8(&data, &next_byte);
		wire_read_u8(&data, &flags);
		wire_read_u16(&data, &length);
		if (length < PAYLOAD_HEADER_SIZE ||
		    (size_t)(length - PAYLOAD_HEADER_SIZE) > data.len) {
			ENC_MALFORMED("%s payload: length %u, header %d, %zu bytes left",
				      payload_type_name(type) ?: "unknown", length,
				      PAYLOAD_HEADER_SIZE, start.len);
			return PARSE_ERROR;
		}
		wire_read_data(&data, length - PAYLOAD_HEADER_SIZE, &body);
		next = (payload_type_t)next_byte;

		if (type == PL_SK || type == PL_SKF) {
			if (!outer) {
				ENC_MALFORMED("SK or SKF inside SK");
				return PARSE_ERROR;
			}
			if (data.len) {
				ENC_MALFORMED("SK not last, %zu bytes follow", data.len);
				return PARSE_ERROR;
			}
			this->has_sk = true;
			this->has_skf = type == PL_SKF;
			*sk_offset = (size_t)(start.ptr - this->packet.ptr);
			*sk_next = next;
			/* where payloads travel is checked before spending on crypto */
			return message_rules_check_protection(exchange, request, true,
							      this->plain_count, true);
		}
		if (!payload_type_known(type)) {
			if (flags & PAYLOAD_CRITICAL) {
				this->unsupported_critical = (uint8_t)type;
				enc_reject(ENC_CNT_UNSUPPORTED_CRITICAL, __func__,
					   "unknown critical payload %d", type);
				return NOT_SUPPORTED;
			}
			enc_counter_inc(ENC_CNT_UNKNOWN_SKIPPED);
			DBG2(DBG_ENC, "skipping unknown payload %d", type);
			continue;
		}
		status = message_rules_check_payload(exchange, request, type, !outer,
						     true);
		if (status != SUCCESS) {
			return status;
		}
		status = payload_parse(type, body, &payload);
		if (status != SUCCESS) {
			return status;
		}
		this->payloads->insert_last(this->payloads, payload);
		if (outer) {
			this->plain_count++;
		}
	}
	if (data.len) {
		ENC_MALFORMED("%zu bytes after the last payload", data.len);
		return PARSE_ERROR;
	}
	return SUCCESS;
}

static status_t parse_sk(private_message_t *this, sk_crypto_t *crypto,
			 size_t sk_offset, payload_type_t first)
{
	chunk_t plain, inner;
	status_t status;

	if (!crypto) {
		enc_reject(ENC_CNT_INTEGRITY_FAILED, __func__,
			   "SK in %s without keys",
			   exchange_type_name((exchange_type_t)this->exchange) ?: "?");
		return INVALID_STATE;
	}
	status = sk_payload_open(crypto, this->packet, sk_offset, &plain, &inner);
	if (status != SUCCESS) {
		return status;
	}
	status = parse_chain(this, first, inner, false, NULL, NULL);
	chunk_clear(&plain);
	return status;
}

/* Verify and decrypt one fragment; its payloads are parsed once all
 * fragments are reassembled. */
static status_t parse_skf(private_message_t *this, sk_crypto_t *crypto,
			  size_t skf_offset, payload_type_t next)
{
	status_t status;

	if (!crypto) {
		enc_reject(ENC_CNT_INTEGRITY_FAILED, __func__,
			   "SKF in %s without keys",
			   exchange_type_name((exchange_type_t)this->exchange) ?: "?");
		return INVALID_STATE;
	}
	if (this->plain_count) {
		/* nothing we accept travels unprotected next to a fragment */
		enc_reject(ENC_CNT_RULE_VIOLATION, __func__,
			   "%d unprotected payload(s) before SKF", this->plain_count);
		return VERIFY_ERROR;
	}
	status = skf_payload_open(crypto, this->packet, skf_offset,
				  &this->fragment.number, &this->fragment.total,
				  &this->fragment.plain, &this->fragment.inner);
	if (status != SUCCESS) {
		return status;
	}
	this->fragment.first = this->fragment.number == 1 ? next : PL_NONE;
	return SUCCESS;
}

static bool get_fragment(message_t *public, uint16_t *number, uint16_t *total,
			 payload_type_t *first, chunk_t *data)
{
	private_message_t *this = (private_message_t *)public;

	if (!this->body_parsed || !this->has_skf || !this->fragment.total) {
		return false;
	}
	*number = this->fragment.number;
	*total = this->fragment.total;
	*first = this->fragment.first;
	*data = this->fragment.inner;
	return true;
}

static void destroy_payload(void *item)
{
	payload_t *payload = item;

	payload->destroy(payload);
}

static status_t parse_body(message_t *public, sk_crypto_t *crypto)
{
	private_message_t *this = (private_message_t *)public;
	chunk_t data = chunk_skip(this->packet, IKE_HEADER_SIZE);
	exchange_type_t exchange = (exchange_type_t)this->exchange;
	payload_type_t sk_next = PL_NONE;
	size_t sk_offset = 0;
	status_t status;

	if (!this->header_parsed || this->body_parsed) {
		return INVALID_STATE;
	}
	this->body_parsed = true;
	status = parse_chain(this, (payload_type_t)this->first_payload, data, true,
			     &sk_offset, &sk_next);
	if (status == SUCCESS && this->has_skf) {
		status = parse_skf(this, crypto, sk_offset, sk_next);
		if (status == SUCCESS) {
			/* the rules apply to the reassembled message */
			enc_counter_inc(ENC_CNT_PARSED);
			return SUCCESS;
		}
	} else if (status == SUCCESS && this->has_sk) {
		status = parse_sk(this, crypto, sk_offset, sk_next);
	}
	if (status == SUCCESS) {
		status = message_rules_check(exchange, get_request(public),
					     this->payloads, this->has_sk,
					     this->plain_count, true);
	}
	if (status != SUCCESS) {
		/* a rejected message exposes no payloads to anyone */
		this->payloads->destroy_function(this->payloads, destroy_payload);
		this->payloads = linked_list_create();
		this->plain_count = 0;
		return status;
	}
	enc_counter_inc(ENC_CNT_PARSED);
	return SUCCESS;
}

static char *to_string(message_t *public, char *buf, size_t len)
{
	private_message_t *this = (private_message_t *)public;
	const char *exchange = exchange_type_name((exchange_type_t)this->exchange);
	enumerator_t *e;
	payload_t *payload;
	notify_payload_t *notify;
	const char *name;
	size_t pos;
	int n;

	if (!len) {
		return buf;
	}
	n = exchange ? snprintf(buf, len, "%s %s %u [", exchange,
				get_request(public) ? "request" : "response",
				this->message_id)
		     : snprintf(buf, len, "EXCHANGE_%u %s %u [", this->exchange,
				get_request(public) ? "request" : "response",
				this->message_id);
	pos = n > 0 ? (size_t)n : 0;
	if (this->has_skf && this->fragment.total && pos < len) {
		n = snprintf(buf + pos, len - pos, " EF(%u/%u)", this->fragment.number,
			     this->fragment.total);
		pos += n > 0 ? (size_t)n : 0;
	}
	e = this->payloads->create_enumerator(this->payloads);
	while (pos < len && e->enumerate(e, &payload)) {
		name = payload_type_name(payload->get_type(payload)) ?: "?";
		if (payload->get_type(payload) == PL_NOTIFY) {
			notify = (notify_payload_t *)payload;
			if (notify_type_name(notify->get_notify_type(notify))) {
				n = snprintf(buf + pos, len - pos, " N(%s)",
					     notify_type_name(notify->get_notify_type(notify)));
			} else {
				n = snprintf(buf + pos, len - pos, " N(%u)",
					     notify->get_notify_type(notify));
			}
		} else {
			n = snprintf(buf + pos, len - pos, " %s", name);
		}
		pos += n > 0 ? (size_t)n : 0;
	}
	e->destroy(e);
	if (pos < len) {
		snprintf(buf + pos, len - pos, " ]");
	}
	return buf;
}

static void destroy(message_t *public)
{
	private_message_t *this = (private_message_t *)public;

	this->payloads->destroy_function(this->payloads, destroy_payload);
	chunk_free(&this->packet);
	chunk_clear(&this->fragment.plain);
	free(this);
}

message_t *message_create(void)
{
	private_message_t *this = mem_zalloc(sizeof(*this));

	*this = (private_message_t){
		.public = {
			.get_spi_i = get_spi_i,
			.set_spi_i = set_spi_i,
			.get_spi_r = get_spi_r,
			.set_spi_r = set_spi_r,
			.get_major_version = get_major_version,
			.get_minor_version = get_minor_version,
			.get_exchange_type = get_exchange_type,
			.set_exchange_type = set_exchange_type,
			.get_initiator = get_initiator,
			.set_initiator = set_initiator,
			.get_request = get_request,
			.set_request = set_request,
			.get_version_flag = get_version_flag,
			.get_message_id = get_message_id,
			.set_message_id = set_message_id,
			.add_payload = add_payload,
			.add_notify = add_notify,
			.create_payload_enumerator = create_payload_enumerator,
			.get_payload = get_payload,
			.get_notify = get_notify,
			.get_packet_data = get_packet_data,
			.generate = generate,
			.parse_header = parse_header,
			.parse_body = parse_body,
			.get_fragment = get_fragment,
			.generate_fragments = generate_fragments,
			.get_unsupported_critical = get_unsupported_critical,
			.is_encrypted = is_encrypted,
			.to_string = to_string,
			.destroy = destroy,
		},
		.major = IKE_MAJOR_VERSION,
		.payloads = linked_list_create(),
	};
	return &this->public;
}

message_t *message_create_from_packet(chunk_t packet)
{
	private_message_t *this = (private_message_t *)message_create();

	this->packet = chunk_clone(packet);
	return &this->public;
}

message_t *message_create_reassembled(message_t *fragment, payload_type_t first,
				      chunk_t inner, status_t *status)
{
	private_message_t *frag = (private_message_t *)fragment;
	private_message_t *this;

	this = (private_message_t *)message_create_from_packet(frag->packet);
	this->spi_i = frag->spi_i;
	this->spi_r = frag->spi_r;
	this->major = frag->major;
	this->minor = frag->minor;
	this->exchange = frag->exchange;
	this->flags = frag->flags;
	this->message_id = frag->message_id;
	this->header_parsed = this->body_parsed = true;
	this->has_sk = true;
	*status = parse_chain(this, first, inner, false, NULL, NULL);
	if (*status == SUCCESS) {
		*status = message_rules_check((exchange_type_t)this->exchange,
					      get_request(&this->public), this->payloads,
					      true, 0, true);
	}
	if (*status != SUCCESS) {
		destroy(&this->public);
		return NULL;
	}
	return &this->public;
}
