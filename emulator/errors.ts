/** An error answered in the Databricks envelope: `{"error_code": "...", "message": "..."}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) =>
  new ApiError(400, "INVALID_PARAMETER_VALUE", message);
export const notFound = (message: string) => new ApiError(404, "RESOURCE_DOES_NOT_EXIST", message);
export const denied = (message: string) => new ApiError(403, "PERMISSION_DENIED", message);
