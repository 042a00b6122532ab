/**
 * @file process_message_job.h
 * The job that hands a received IKE message to the IKE_SA it belongs to.
 *
 * It checks the SA out of the IKE_SA manager (creating a responder SA for
 * an IKE_SA_INIT request), lets it process the message and checks it back
 * in, or destroys it if processing says so. IKE_SA_INIT requests run at
 * low priority, everything else at medium, so SAs already set up keep
 * being served when new ones flood in.
 */
#ifndef CHARON_PROCESS_MESSAGE_JOB_H
#define CHARON_PROCESS_MESSAGE_JOB_H

#include "library.h"
#include "processing/job.h"
#include "encoding/message.h"
#include "networking/host.h"

/**
 * A job for @p message, whose header is parsed, that came from @p src to
 * our address @p dst. The job owns all three.
 */
job_t *process_message_job_create(message_t *message, host_t *src, host_t *dst);

#endif
