package domain

// Law is the law under which a budget is granted.
type Law string

const (
	Wlz      Law = "wlz"      // Wet langdurige zorg, via the zorgkantoor
	Wmo      Law = "wmo"      // Wet maatschappelijke ondersteuning, via the gemeente
	Jeugdwet Law = "jeugdwet" // Jeugdwet, via the gemeente
	Zvw      Law = "zvw"      // Zorgverzekeringswet, via the zorgverzekeraar
)

// Laws lists every law in display order.
var Laws = []Law{Wmo, Jeugdwet, Wlz, Zvw}

// Valid reports whether l is a known law.
func (l Law) Valid() bool {
	switch l {
	case Wlz, Wmo, Jeugdwet, Zvw:
		return true
	}
	return false
}

// Label is the name users know: "Wlz", "Wmo", "Jeugdwet", "Zvw".
func (l Law) Label() string {
	switch l {
	case Wlz:
		return "Wlz"
	case Wmo:
		return "Wmo"
	case Jeugdwet:
		return "Jeugdwet"
	case Zvw:
		return "Zvw"
	}
	return string(l)
}

// OrgKind is the kind of an organisation in the system.
type OrgKind string

const (
	Gemeente        OrgKind = "gemeente"        // municipality: Wmo and Jeugdwet
	Zorgkantoor     OrgKind = "zorgkantoor"     // care office: Wlz
	Zorgverzekeraar OrgKind = "zorgverzekeraar" // health insurer: Zvw
	SVB             OrgKind = "svb"             // Sociale Verzekeringsbank: pays
)

// Valid reports whether k is known.
func (k OrgKind) Valid() bool {
	switch k {
	case Gemeente, Zorgkantoor, Zorgverzekeraar, SVB:
		return true
	}
	return false
}

// IsVerstrekker reports whether organisations of this kind grant budgets.
func (k OrgKind) IsVerstrekker() bool {
	return k == Gemeente || k == Zorgkantoor || k == Zorgverzekeraar
}

// Grants reports whether a verstrekker of kind k grants budgets under law l.
func (k OrgKind) Grants(l Law) bool {
	switch k {
	case Gemeente:
		return l == Wmo || l == Jeugdwet
	case Zorgkantoor:
		return l == Wlz
	case Zorgverzekeraar:
		return l == Zvw
	}
	return false
}

// Role is what someone does in the system. One account can hold several.
type Role string

const (
	RoleBudgetHolder   Role = "budgethouder"
	RoleRepresentative Role = "vertegenwoordiger"
	RoleProvider       Role = "zorgverlener"
	RoleVerstrekker    Role = "verstrekker" // staff of a gemeente, zorgkantoor or zorgverzekeraar
	RoleSVB            Role = "svb"
	RoleAdmin          Role = "beheerder"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleBudgetHolder, RoleRepresentative, RoleProvider, RoleVerstrekker, RoleSVB, RoleAdmin:
		return true
	}
	return false
}

// IsStaff reports whether the role belongs to an organisation's staff; staff
// must use a second factor (TOTP).
func (r Role) IsStaff() bool { return r == RoleVerstrekker || r == RoleSVB || r == RoleAdmin }

// RepresentationKind is the legal basis on which someone represents a budget holder.
type RepresentationKind string

const (
	OuderVoogd    RepresentationKind = "ouder_voogd"   // parent or guardian of a minor
	Curator       RepresentationKind = "curator"       // curator
	Bewindvoerder RepresentationKind = "bewindvoerder" // administrator of the budget holder's money
	Gemachtigde   RepresentationKind = "gemachtigde"   // authorised by the budget holder
)

// RepresentationKinds lists them in display order.
var RepresentationKinds = []RepresentationKind{OuderVoogd, Curator, Bewindvoerder, Gemachtigde}

// Valid reports whether k is known.
func (k RepresentationKind) Valid() bool {
	switch k {
	case OuderVoogd, Curator, Bewindvoerder, Gemachtigde:
		return true
	}
	return false
}

// ProviderKind is the kind of care provider (zorgverlener).
type ProviderKind string

const (
	ProviderInformal    ProviderKind = "informeel"  // family member or acquaintance
	ProviderZZP         ProviderKind = "zzp"        // self-employed, KvK registered
	ProviderInstitution ProviderKind = "instelling" // care institution, AGB and KvK
)

// ProviderKinds lists them in display order.
var ProviderKinds = []ProviderKind{ProviderInformal, ProviderZZP, ProviderInstitution}

// Valid reports whether k is known.
func (k ProviderKind) Valid() bool {
	switch k {
	case ProviderInformal, ProviderZZP, ProviderInstitution:
		return true
	}
	return false
}

// Formal reports whether this kind of provider counts as formal care.
func (k ProviderKind) Formal() bool { return k == ProviderZZP || k == ProviderInstitution }
