/* stub: to be written */
typedef int stub_processing_processor_c;
