/**
 * @file plugin_list.h
 * The `ipsec listplugins` report: each loaded plugin, the features it
 * provides and what they depend on.
 */
#ifndef CYGNET_PLUGIN_LIST_H
#define CYGNET_PLUGIN_LIST_H

#include <stdio.h>

/** Print the plugins lib->plugins loaded, in strongSwan's layout. */
void plugin_list_print(FILE *out);

#endif
