/* stub: to be written */
typedef int stub_processing_job_c;
