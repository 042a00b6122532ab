/* stub: to be written */
typedef int stub_bus_debug_c;
