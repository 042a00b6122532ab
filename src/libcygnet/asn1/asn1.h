/**
 * @file asn1.h
 * A small DER (X.690) reader and writer for the credential code: enough to
 * walk SubjectPublicKeyInfo, PKCS#1/PKCS#8 keys and AlgorithmIdentifiers.
 *
 * Reading works on chunks: every read takes one TLV off the front of
 * @p in and points @p content into the input (nothing is copied), after
 * checking that the declared length fits. Only definite lengths are
 * accepted (DER).
 */
#ifndef CYGNET_ASN1_H
#define CYGNET_ASN1_H

#include "library.h"

#define ASN1_BOOLEAN		0x01
#define ASN1_INTEGER		0x02
#define ASN1_BIT_STRING		0x03
#define ASN1_OCTET_STRING	0x04
#define ASN1_NULL		0x05
#define ASN1_OID		0x06
#define ASN1_UTF8STRING		0x0c
#define ASN1_PRINTABLESTRING	0x13
#define ASN1_IA5STRING		0x16
#define ASN1_UTCTIME		0x17
#define ASN1_GENERALIZEDTIME	0x18
#define ASN1_SEQUENCE		0x30
#define ASN1_SET		0x31
/** [n] constructed, context-specific */
#define ASN1_CONTEXT_C(n)	(0xa0 | (n))
/** [n] primitive, context-specific */
#define ASN1_CONTEXT_S(n)	(0x80 | (n))

/** Deepest nesting a reader accepts (guards recursion on hostile input). */
#define ASN1_MAX_DEPTH		32

/**
 * Take one TLV off the front of @p in.
 *
 * @param tag		receives the tag (single-byte tags only)
 * @param content	receives the content octets (optional)
 * @return		false if @p in is empty or the TLV is malformed
 */
bool asn1_read(chunk_t *in, uint8_t *tag, chunk_t *content);

/** Like asn1_read(), but the tag must be @p tag. */
bool asn1_expect(chunk_t *in, uint8_t tag, chunk_t *content);

/** Like asn1_read(), giving the whole TLV (header included) in @p tlv. */
bool asn1_read_tlv(chunk_t *in, uint8_t *tag, chunk_t *tlv);

/** Tag of the next TLV in @p in, -1 if @p in is empty. */
int asn1_peek(chunk_t in);

/**
 * Read a non-negative INTEGER; @p value receives its magnitude without
 * leading zero bytes (a zero is one zero byte). False if negative.
 */
bool asn1_read_uint(chunk_t *in, chunk_t *value);

/** Read a small non-negative INTEGER (up to INT_MAX). */
bool asn1_read_int(chunk_t *in, int *value);

/** Read a BIT STRING without unused bits; @p bits receives the octets. */
bool asn1_read_bits(chunk_t *in, chunk_t *bits);

/** Read a UTCTime or GeneralizedTime (Zulu) as seconds since the epoch. */
bool asn1_read_time(chunk_t *in, time_t *when);

/**
 * Read an AlgorithmIdentifier: @p oid receives the OID content, @p params
 * the parameters TLV (empty if absent).
 */
bool asn1_read_algid(chunk_t *in, chunk_t *oid, chunk_t *params);

/** Length of a full DER TLV for @p content_len content bytes. */
size_t asn1_tlv_len(size_t content_len);

/**
 * Build a TLV whose content is the concatenation of @p count chunks
 * (not freed). Allocated.
 */
chunk_t asn1_wrap(uint8_t tag, int count, ...);

/** An INTEGER from an unsigned big-endian magnitude (leading zeros are
 *  dropped, a zero byte added where the top bit is set). Allocated. */
chunk_t asn1_uint(chunk_t magnitude);

/** An OID TLV from its content octets. Allocated. */
chunk_t asn1_oid(chunk_t oid);

/** Dotted string of an OID's content, in @p buf; "" if malformed. */
const char *asn1_oid_to_string(chunk_t oid, char *buf, size_t len);

#endif
