/* stub: to be written */
typedef int stub_processing_scheduler_c;
