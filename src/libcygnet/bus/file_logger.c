/* stub: to be written */
typedef int stub_bus_file_logger_c;
