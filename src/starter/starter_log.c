/*
 * Sets up the loggers of starter. Before any is registered the bus prints
 * to stderr, so start-up errors are never lost. Where no syslog daemon
 * listens (containers, test namespaces) syslog(3) drops everything, hence
 * `starter.filelog` for a file an operator can read.
 */
#include <syslog.h>

#include "starter_log.h"
#include "bus/log_bus.h"

static logger_t *sys_logger;
static logger_t *stderr_logger;
static bool configured;

void starter_log_init(bool to_stderr, bool nolog, level_t level)
{
	if (nolog) {
		log_bus_set_fallback_level(LEVEL_SILENT);
		return;
	}
	configured = log_bus_configure("starter") > 0;
	if (!configured) {
		sys_logger = sys_logger_create(LOG_DAEMON, "ipsec_starter");
		if (sys_logger) {
			sys_logger_set_level(sys_logger, DBG_MAX, level);
			log_bus_add_logger(sys_logger);
		}
	}
	if (to_stderr) {
		stderr_logger = file_logger_create("stderr", NULL, true, true);
		if (stderr_logger) {
			file_logger_set_level(stderr_logger, DBG_MAX, level);
			log_bus_add_logger(stderr_logger);
		}
	}
}

void starter_log_detach_stderr(void)
{
	if (stderr_logger) {
		log_bus_remove_logger(stderr_logger);
		stderr_logger->destroy(stderr_logger);
		stderr_logger = NULL;
	}
}

void starter_log_deinit(void)
{
	starter_log_detach_stderr();
	if (sys_logger) {
		log_bus_remove_logger(sys_logger);
		sys_logger->destroy(sys_logger);
		sys_logger = NULL;
	}
	if (configured) {
		log_bus_deconfigure();
		configured = false;
	}
}
