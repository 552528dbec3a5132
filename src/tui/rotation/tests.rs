//! The rotation paths' transitions, with the workers' outcomes fed in as events.
