//! An export's error as the app gets it.

use steerco_reports::from_store::ExportError;

use super::{ApiError, Problem};

/// An export's error as the app gets it (see the module).
impl From<ExportError> for ApiError {
    fn from(e: ExportError) -> ApiError {
        let message = e.to_string();
        let problem = match e {
            ExportError::Store(e) => return ApiError::from(e),
            ExportError::Refused(r) => return ApiError::new(r, message),
            ExportError::Report(e) => Problem::ExportFailed {
                detail: e.to_string(),
            },
            ExportError::Data(detail) => Problem::BadData { detail },
        };
        ApiError::new(problem, message)
    }
}
