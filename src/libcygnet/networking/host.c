/* stub: to be written */
typedef int stub_networking_host_c;
