/*
 * The kernel-netlink plugin only wires the "kernel-ipsec" feature to the
 * XFRM data plane in kernel_netlink_ipsec.c.
 */
#include "kernel_netlink_plugin.h"
#include "kernel_netlink_ipsec.h"

typedef struct private_plugin_t {
	plugin_t public;
	/* the registered data plane, NULL while inactive */
	kernel_ipsec_t *ipsec;
} private_plugin_t;

static void unregister_ipsec(private_plugin_t *this)
{
	if (!this->ipsec) {
		return;
	}
	if (kernel_interface_get_ipsec() == this->ipsec) {
		kernel_interface_set_ipsec(NULL);
	}
	this->ipsec->flush(this->ipsec);
	this->ipsec->destroy(this->ipsec);
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
	if (kernel_interface_get_ipsec()) {
		/* another data plane came first; it is not an error to have both */
		DBG1(DBG_KNL, "another IPsec data plane is registered, "
		     "kernel-netlink's IPsec part is inactive");
		return true;
	}
	this->ipsec = kernel_netlink_ipsec_create();
	if (!this->ipsec) {
		return false;
	}
	if (!kernel_interface_set_ipsec(this->ipsec)) {
		DBG1(DBG_KNL, "another IPsec data plane is registered, "
		     "kernel-netlink's IPsec part is inactive");
		this->ipsec->destroy(this->ipsec);
		this->ipsec = NULL;
	}
	return true;
}

static const plugin_feature_t features[] = {
	{ .provides = FEATURE_ID_NAME(FEATURE_CUSTOM, "kernel-ipsec"),
	  .callback = register_ipsec },
};

static const char *get_name(plugin_t *this)
{
	return "kernel-netlink";
}

static int get_features(plugin_t *this, const plugin_feature_t **out)
{
	*out = features;
	return countof(features);
}

static void destroy(plugin_t *public)
{
	private_plugin_t *this = (private_plugin_t *)public;

	/* normally the feature went down first */
	unregister_ipsec(this);
	free(this);
}

plugin_t *kernel_netlink_plugin_create(void)
{
	private_plugin_t *this = mem_zalloc(sizeof(*this));

	this->public = (plugin_t){
		.get_name = get_name,
		.get_features = get_features,
		.destroy = destroy,
	};
	return &this->public;
}
