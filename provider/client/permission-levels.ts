/**
 * The levels of the `genie` object type, lowest first (CAN_READ is shown as "Can view"). In a file
 * of its own, with no import, so GenieSpacePermissions' check can use them without loading the
 * HTTP client.
 */
export const PERMISSION_LEVELS = ["CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];
