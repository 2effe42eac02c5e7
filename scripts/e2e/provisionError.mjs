// The one error provisioning and the dev server report as a single line (runMain in provision.mjs), not a stack.
export class ProvisionError extends Error {}
