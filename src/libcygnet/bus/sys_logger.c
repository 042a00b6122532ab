/* stub: to be written */
typedef int stub_bus_sys_logger_c;
