/*
 * The kernel-libesp plugin only wires the "kernel-ipsec" feature to the
 * data plane in kernel_libesp_ipsec.c.
 */
#include "kernel_libesp_plugin.h"
#include "kernel_libesp_ipsec.h"
#include "kernel_libesp_vip.h"

typedef struct private_plugin_t {
	plugin_t public;
	kernel_libesp_ipsec_t *ipsec;
	/* virtual IPs on the TUN device (kernel_net_add_ip()) */
	kernel_libesp_vip_t *vip;
} private_plugin_t;

static void unregister_ipsec(private_plugin_t *this)
{
	kernel_ipsec_t *ipsec;

	if (this->vip) {
		kernel_net_set_vip_ops(NULL);
		this->vip->destroy(this->vip);
		this->vip = NULL;
	}
	if (!this->ipsec) {
		return;
	}
	ipsec = &this->ipsec->interface;
	ipsec->flush(ipsec);
	if (kernel_interface_get_ipsec() == ipsec) {
		kernel_interface_set_ipsec(NULL);
		kernel_interface_set_requires_encap(false);
	}
	ipsec->destroy(ipsec);
	this->ipsec = NULL;
}

static bool register_ipsec(plugin_t *plugin, const plugin_feature_t *feature,
			   bool loading, void *data)
{
	private_plugin_t *this = (private_plugin_t *)plugin;

	if (!loading) {
		unregister_ipsec(this);
		return true;
	}
	this->ipsec = kernel_libesp_ipsec_create(socket_get());
	if (!this->ipsec) {
		return false;
	}
	if (!kernel_interface_set_ipsec(&this->ipsec->interface)) {
		this->ipsec->interface.destroy(&this->ipsec->interface);
		this->ipsec = NULL;
		return false;
	}
	kernel_interface_set_requires_encap(true);
	this->vip = kernel_libesp_vip_create(this->ipsec->get_tun_name(this->ipsec));
	if (this->vip) {
		kernel_net_set_vip_ops(&this->vip->ops);
	}
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "kernel-ipsec"),
	  .callback = register_ipsec,
	  .depends = { FEATURE_ID_NAME(FEATURE_CUSTOM, "socket") } },
};

static const char *get_name(plugin_t *this)
{
	return "kernel-libesp";
}

static int get_features(plugin_t *this, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_plugin_t *this = (private_plugin_t *)public;

	/* normally the feature went down first; never leave the device behind */
	unregister_ipsec(this);
	free(this);
}

plugin_t *kernel_libesp_plugin_create(void)
{
	private_plugin_t *this = mem_zalloc(sizeof(*this));

	this->public = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return &this->public;
}
