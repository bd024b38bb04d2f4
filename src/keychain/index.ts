export * from './types';
export * from './errors';
export * from './tokenStore';
export * from './secretStorageBackend';
