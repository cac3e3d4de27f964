export * from './address/index.js';
export { addWallet, findWallets, listWallets, loadWalletBook, removeWallet, type NewWallet, type WalletBook, type WalletEntry } from './book.js';
export { detectKeyMaterial, type KeyMaterialKind } from './key-material.js';
export * from './secrets/index.js';
