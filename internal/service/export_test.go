package service

// WithoutAddressesForTest is withoutAddresses, for the external tests.
var WithoutAddressesForTest = withoutAddresses
