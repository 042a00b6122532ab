/**
 * @file ldap_plugin.h
 * The ldap plugin: an ldap:// fetcher (credentials/fetcher.h) on libldap,
 * for CRL distribution points published in a directory.
 */
#ifndef CYGNET_LDAP_PLUGIN_H
#define CYGNET_LDAP_PLUGIN_H

#include "plugins/plugin.h"

/** Create the plugin (the loader's entry point). */
plugin_t *ldap_plugin_create(void);

#endif
