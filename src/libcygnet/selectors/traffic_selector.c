/* stub: to be written */
typedef int stub_selectors_traffic_selector_c;
