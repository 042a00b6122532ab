/*
 * The registered socket implementation. A plugin sets it while loading and
 * clears it before destroying it; readers only take the pointer.
 */
#include "network/socket.h"

static socket_t *registered;

void socket_register(socket_t *socket)
{
	__atomic_store_n(&registered, socket, __ATOMIC_RELEASE);
}

socket_t *socket_get(void)
{
	return __atomic_load_n(&registered, __ATOMIC_ACQUIRE);
}
