/*
 * Direct sending through the socket, counting as it goes.
 */
#include "network/sender.h"
#include "network/socket.h"
#include "network/net_counters.h"

typedef struct private_sender_t {
	sender_t public;
	uint64_t sent;
} private_sender_t;

static status_t send_(sender_t *public, packet_t *packet)
{
	private_sender_t *this = (private_sender_t *)public;
	socket_t *skt = socket_get();
	char from[HOST_STR_LEN], to[HOST_STR_LEN];
	status_t status = FAILED;

	if (!packet) {
		return INVALID_ARG;
	}
	if (skt) {
		if (dbg_wants(DBG_NET, LEVEL_CTRL)) {
			DBG2(DBG_NET, "sending packet: from %s to %s (%zu bytes)",
			     host_to_str_port(packet->get_source(packet), from, sizeof(from)),
			     host_to_str_port(packet->get_destination(packet), to, sizeof(to)),
			     packet->get_data(packet).len);
		}
		status = skt->send(skt, packet);
	} else {
		DBG1(DBG_NET, "no socket to send a packet, is a socket plugin loaded?");
	}
	if (status == SUCCESS) {
		__atomic_fetch_add(&this->sent, 1, __ATOMIC_RELAXED);
		net_counter_inc(NET_CNT_SENT);
	} else {
		net_counter_inc(NET_CNT_SEND_FAILED);
	}
	packet->destroy(packet);
	return status;
}

static uint64_t get_sent(sender_t *public)
{
	return __atomic_load_n(&((private_sender_t *)public)->sent, __ATOMIC_RELAXED);
}

static void destroy(sender_t *public)
{
	free(public);
}

sender_t *sender_create(void)
{
	private_sender_t *this = mem_zalloc(sizeof(*this));

	this->public = (sender_t){
		.send = send_,
		.get_sent = get_sent,
		.destroy = destroy,
	};
	return &this->public;
}
