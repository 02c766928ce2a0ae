/**
 * DIGIT modules a stack can select, named as in DIGIT's v2.9 release chart.
 * `backbone` and `authn-authz` are not selectable: the platform always runs its own backbone and edge.
 */
export const selectableModules = ["core", "business", "m_core", "m_dss", "m_accelarators"] as const;
export type ModuleName = (typeof selectableModules)[number];
