typedef int stub_credential_manager;
