//! A sync server as a place for papers (see `papers/`): its paper routes,
//! through the workspace's client (token, retries, limits).

use std::collections::HashMap;
use std::io::{self, Read};

use super::{Client, ServerError};
use crate::papers::Place;

pub struct ServerPlace {
    client: Client,
}

impl ServerPlace {
    pub fn new(client: Client) -> ServerPlace {
        ServerPlace { client }
    }
}

/// A server's answer as the papers step reports it (per paper, never
/// stopping the others).
fn failed(e: ServerError) -> io::Error {
    io::Error::other(e.to_string())
}

impl Place for ServerPlace {
    fn list(&self) -> io::Result<HashMap<String, u64>> {
        Ok(self
            .client
            .list_blobs()
            .map_err(failed)?
            .into_iter()
            .collect())
    }

    fn put(&self, name: &str, len: u64, body: &mut dyn Read) -> io::Result<()> {
        self.client.put_blob(name, len, body).map_err(failed)?;
        Ok(())
    }

    fn get(&self, name: &str) -> io::Result<Option<Box<dyn Read + '_>>> {
        let Some((_, body)) = self.client.get_blob(name).map_err(failed)? else {
            return Ok(None);
        };
        let body: Box<dyn Read> = body;
        Ok(Some(body))
    }
}
