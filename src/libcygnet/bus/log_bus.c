/* stub: to be written */
typedef int stub_bus_log_bus_c;
