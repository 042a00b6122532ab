/*
 * What the registered data plane needs from IKE.
 */
#include <stdatomic.h>

#include "kernel/kernel_ipsec.h"

static atomic_bool requires_encap;

bool kernel_interface_requires_encap(void)
{
	return atomic_load(&requires_encap);
}

void kernel_interface_set_requires_encap(bool required)
{
	atomic_store(&requires_encap, required);
}
