/*
 * A datagram and its two addresses.
 */
#include "network/packet.h"

typedef struct private_packet_t {
	packet_t public;
	host_t *src;
	host_t *dst;
	chunk_t data;
} private_packet_t;

static host_t *get_source(packet_t *public)
{
	return ((private_packet_t *)public)->src;
}

static void set_source(packet_t *public, host_t *src)
{
	private_packet_t *this = (private_packet_t *)public;

	if (this->src != src) {
		DESTROY_IF(this->src);
		this->src = src;
	}
}

static host_t *get_destination(packet_t *public)
{
	return ((private_packet_t *)public)->dst;
}

static void set_destination(packet_t *public, host_t *dst)
{
	private_packet_t *this = (private_packet_t *)public;

	if (this->dst != dst) {
		DESTROY_IF(this->dst);
		this->dst = dst;
	}
}

static chunk_t get_data(packet_t *public)
{
	return ((private_packet_t *)public)->data;
}

static void set_data(packet_t *public, chunk_t data)
{
	private_packet_t *this = (private_packet_t *)public;

	if (this->data.ptr != data.ptr) {
		chunk_free(&this->data);
	}
	this->data = data;
}

static packet_t *clone_(packet_t *public)
{
	private_packet_t *this = (private_packet_t *)public;

	return packet_create_from_data(this->src ? this->src->clone(this->src) : NULL,
				       this->dst ? this->dst->clone(this->dst) : NULL,
				       chunk_clone(this->data));
}

static void destroy(packet_t *public)
{
	private_packet_t *this = (private_packet_t *)public;

	DESTROY_IF(this->src);
	DESTROY_IF(this->dst);
	chunk_free(&this->data);
	free(this);
}

packet_t *packet_create_from_data(host_t *src, host_t *dst, chunk_t data)
{
	private_packet_t *this = mem_zalloc(sizeof(*this));

	*this = (private_packet_t){
		.public = {
			.get_source = get_source,
			.set_source = set_source,
			.get_destination = get_destination,
			.set_destination = set_destination,
			.get_data = get_data,
			.set_data = set_data,
			.clone = clone_,
			.destroy = destroy,
		},
		.src = src,
		.dst = dst,
		.data = data,
	};
	return &this->public;
}

packet_t *packet_create(void)
{
	return packet_create_from_data(NULL, NULL, chunk_empty);
}
