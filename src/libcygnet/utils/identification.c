typedef int stub_identification;
