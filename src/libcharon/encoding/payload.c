/*
 * Payload type names, the generic header, and dispatch to the parser of
 * each payload type.
 */
#include "encoding/payload.h"
#include "encoding/sa_payload.h"
#include "encoding/ke_payload.h"
#include "encoding/id_payload.h"
#include "encoding/cert_payload.h"
#include "encoding/auth_payload.h"
#include "encoding/nonce_payload.h"
#include "encoding/notify_payload.h"
#include "encoding/delete_payload.h"
#include "encoding/vendor_payload.h"
#include "encoding/ts_payload.h"
#include "encoding/cp_payload.h"
#include "encoding/eap_payload.h"

const char *payload_type_name(payload_type_t type)
{
	switch (type) {
	case PL_NONE:
		return "NONE";
	case PL_SA:
		return "SA";
	case PL_KE:
		return "KE";
	case PL_IDI:
		return "IDi";
	case PL_IDR:
		return "IDr";
	case PL_CERT:
		return "CERT";
	case PL_CERTREQ:
		return "CERTREQ";
	case PL_AUTH:
		return "AUTH";
	case PL_NONCE:
		return "No";
	case PL_NOTIFY:
		return "N";
	case PL_DELETE:
		return "D";
	case PL_VENDOR:
		return "V";
	case PL_TSI:
		return "TSi";
	case PL_TSR:
		return "TSr";
	case PL_SK:
		return "E";
	case PL_CP:
		return "CP";
	case PL_EAP:
		return "EAP";
	}
	return NULL;
}

bool payload_type_known(payload_type_t type)
{
	return type >= PL_SA && type <= PL_EAP && type != PL_SK;
}

status_t payload_parse(payload_type_t type, chunk_t body, payload_t **out)
{
	switch (type) {
	case PL_SA:
		return sa_payload_parse(body, out);
	case PL_KE:
		return ke_payload_parse(body, out);
	case PL_IDI:
	case PL_IDR:
		return id_payload_parse(type, body, out);
	case PL_CERT:
	case PL_CERTREQ:
		return cert_payload_parse(type, body, out);
	case PL_AUTH:
		return auth_payload_parse(body, out);
	case PL_NONCE:
		return nonce_payload_parse(body, out);
	case PL_NOTIFY:
		return notify_payload_parse(body, out);
	case PL_DELETE:
		return delete_payload_parse(body, out);
	case PL_VENDOR:
		return vendor_payload_parse(body, out);
	case PL_TSI:
	case PL_TSR:
		return ts_payload_parse(type, body, out);
	case PL_CP:
		return cp_payload_parse(body, out);
	case PL_EAP:
		return eap_payload_parse(body, out);
	default:
		return NOT_SUPPORTED;
	}
}

size_t payload_header_begin(wire_writer_t *w, payload_type_t next)
{
	size_t start = w->len;

	/* the critical bit stays clear: every payload we send is defined in
	 * RFC 7296 or its extensions (RFC 7296 §3.2) */
	wire_write_u8(w, (uint8_t)next);
	wire_write_u8(w, 0);
	wire_write_u16(w, 0);
	return start;
}

void payload_header_end(wire_writer_t *w, size_t start)
{
	size_t len = w->len - start;

	if (len > 0xffff) {
		w->failed = true;
		return;
	}
	wire_set_u16(w, start + 2, (uint16_t)len);
}
