/**
 * Typed failures of the callback scheme, so that callers (the sandbox above all) can answer
 * each one differently without parsing messages.
 */

/** The EncodingAESKey the operator entered cannot be the key of this scheme. */
export class InvalidEncodingAesKeyError extends Error {
  override readonly name = 'InvalidEncodingAesKeyError';
}

export type DecryptFailure =
  'not-base64' | 'bad-length' | 'bad-padding' | 'bad-declared-length' | 'receive-id-mismatch';

/** The ciphertext does not decrypt to a well-formed plaintext of this scheme. */
export class DecryptError extends Error {
  override readonly name: string = 'DecryptError';

  constructor(
    readonly reason: DecryptFailure,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The plaintext decrypted and is well formed, but it names another receiver: it was sealed for
 * a different company or app, or the ReceiveId setting is wrong on one side.
 */
export class ReceiveIdMismatchError extends DecryptError {
  override readonly name = 'ReceiveIdMismatchError';

  constructor() {
    super(
      'receive-id-mismatch',
      'The data was encrypted for another ReceiveId; check that both sides use the same ReceiveId.',
    );
  }
}

/** The msgSignature does not match the envelope: wrong Token, or the data was altered. */
export class SignatureMismatchError extends Error {
  override readonly name = 'SignatureMismatchError';

  constructor() {
    super(
      'The message signature does not match; check that both sides use the same Token and that the data was not altered.',
    );
  }
}
