typedef int stub_esp_sa;
