/**
 * @file systemd_journal.h
 * A logger writing to the systemd journal (sd_journal_send(3)).
 *
 * Each message becomes one journal entry: MESSAGE, PRIORITY (level 0
 * notice, 1 info, higher debug), SYSLOG_IDENTIFIER=charon, CHARON_SUBSYSTEM
 * (dmn, ike, …), CHARON_LEVEL, CHARON_THREAD and, while an IKE_SA is being
 * worked on, IKE_SA_NAME and IKE_SA_UNIQUE_ID. Levels come from
 * `charon.journal { default = 1, <subsystem> = level }` like a filelog
 * section; `default` (and `any`) are capped at 3.
 */
#ifndef SYSTEMD_JOURNAL_H
#define SYSTEMD_JOURNAL_H

#include "library.h"
#include "bus/log_bus.h"

typedef struct systemd_journal_t systemd_journal_t;

struct systemd_journal_t {
	/** The logger to register with the log bus. */
	logger_t logger;
	/** Read the levels from `@p section` of lib->settings again. */
	void (*reload)(systemd_journal_t *this, const char *section);
};

/**
 * True if charon should log to the journal: `@p section` exists in
 * lib->settings (an empty section means the defaults). Not by default:
 * under systemd charon's stderr loggers reach the journal already, so
 * journal entries of their own are something to ask for.
 */
bool systemd_journal_wanted(const char *section);

/** A journal logger with the levels of `@p section` (e.g. "charon.journal"). */
systemd_journal_t *systemd_journal_create(const char *section);

#endif
