/*
 * Task names for logs, as operators know them from strongSwan.
 */
#include "sa/tasks/task.h"

static const char *const names[TASK_TYPE_MAX] = {
	[TASK_IKE_INIT] = "IKE_INIT",
	[TASK_IKE_NATD] = "IKE_NATD",
	[TASK_IKE_VENDOR] = "IKE_VENDOR",
	[TASK_IKE_CERT_PRE] = "IKE_CERT_PRE",
	[TASK_IKE_AUTH] = "IKE_AUTH",
	[TASK_IKE_CERT_POST] = "IKE_CERT_POST",
	[TASK_IKE_CONFIG] = "IKE_CONFIG",
	[TASK_IKE_MOBIKE] = "IKE_MOBIKE",
	[TASK_CHILD_CREATE] = "CHILD_CREATE",
	[TASK_CHILD_REKEY] = "CHILD_REKEY",
	[TASK_CHILD_DELETE] = "CHILD_DELETE",
	[TASK_IKE_REKEY] = "IKE_REKEY",
	[TASK_IKE_REAUTH] = "IKE_REAUTH",
	[TASK_IKE_DELETE] = "IKE_DELETE",
	[TASK_IKE_DPD] = "IKE_DPD",
	[TASK_INFORMATIONAL] = "INFORMATIONAL",
};

const char *task_type_name(task_type_t type)
{
	/* callers print the result with %s, so never hand out NULL */
	if ((unsigned int)type >= TASK_TYPE_MAX || !names[type]) {
		return "UNKNOWN_TASK";
	}
	return names[type];
}
