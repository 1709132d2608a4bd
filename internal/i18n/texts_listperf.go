package i18n

// Texts of the lists at national size (issue 14).
func init() {
	Add(map[string][2]string{
		"work.payable_many": {"Meer dan %d geaccepteerde declaraties wachten op een betaalrun", "More than %d accepted declarations are waiting for a payment run"},
	})
}
