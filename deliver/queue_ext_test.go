package deliver_test

import (
	"testing"

	"github.com/bouncekit/bouncekit/deliver"
	"github.com/bouncekit/bouncekit/deliver/internal/queuetest"
)

func TestMemoryQueueClaims(t *testing.T) {
	queuetest.Run(t, func(*testing.T) deliver.Queue { return &deliver.MemoryQueue{} })
}
