/**
 * @file kernel_libesp_plugin.h
 * The kernel-libesp plugin: IPsec in userland for hosts without kernel
 * ESP, over a TUN device and ESP in UDP on the IKE socket's NAT-T port.
 *
 * Provides FEATURE_CUSTOM "kernel-ipsec" (kernel_libesp_ipsec.h) and
 * depends on FEATURE_CUSTOM "socket", whose NAT-T port carries the ESP
 * packets. Loading registers the data plane with
 * kernel_interface_set_ipsec() and declares that it requires UDP
 * encapsulation; unloading flushes and removes everything again.
 */
#ifndef KERNEL_LIBESP_PLUGIN_H
#define KERNEL_LIBESP_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *kernel_libesp_plugin_create(void);

#endif
