/**
 * @file kernel_netlink_plugin.h
 * The kernel-netlink plugin: the kernel's IPsec (XFRM) over netlink.
 *
 * Provides FEATURE_CUSTOM "kernel-ipsec" (kernel_netlink_ipsec.h). Only
 * one data plane can be active: if another one (kernel-libesp) registered
 * first, the feature still comes up, logs that kernel-netlink's IPsec part
 * is inactive and leaves the kernel alone. Unloading flushes what it
 * installed and unregisters it.
 */
#ifndef KERNEL_NETLINK_PLUGIN_H
#define KERNEL_NETLINK_PLUGIN_H

#include "plugins/plugin.h"

/** The exported plugin constructor. */
plugin_t *kernel_netlink_plugin_create(void);

#endif
